"""Web: acknowledging gaps a draft cannot close, one at a time or a whole kind and week."""

from datetime import date

from fastapi import APIRouter
from fastapi.responses import Response

from app.db import SessionDep
from app.errors import Invalid
from app.schedules import service
from app.web.deps import HRForm, PostedForm, redirect

router = APIRouter(include_in_schema=False)


@router.post("/schedules/{schedule_id}/gaps/{gap_id}/acknowledge")
def acknowledge_gap(
    schedule_id: int, gap_id: int, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    note = str(form.get("note", ""))[:500]
    service.acknowledge_gap(
        session=session, schedule_id=schedule_id, gap_id=gap_id, note=note, actor=hr.user
    )
    return redirect(f"/schedules/{schedule_id}#gaps", "Gap acknowledged.")


@router.post("/schedules/{schedule_id}/gaps/acknowledge")
def acknowledge_group(
    schedule_id: int, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    kinds = [k for k in str(form.get("kinds", "")).split(",") if k][:20]
    raw_week = str(form.get("week", ""))
    try:
        week = date.fromisoformat(raw_week) if raw_week else None
    except ValueError as exc:
        raise Invalid("The week is not a date.", field="week") from exc
    count = service.acknowledge_gaps(
        session=session,
        schedule_id=schedule_id,
        kinds=kinds,
        week=week,
        note=str(form.get("note", ""))[:500],
        actor=hr.user,
    )
    return redirect(f"/schedules/{schedule_id}#gaps", f"{count} gaps acknowledged.")
