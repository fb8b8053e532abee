"""Web (HR): dashboard, generate with live progress, review, publish, grid, week board,
coverage heatmap, compare, manual moves and reports."""

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from app import clock
from app.coverage.times import hours_text, shift_window
from app.db import SessionDep
from app.errors import AppError, NotFound
from app.people.models import Department
from app.schedules import changes, jobs, publishing, reports, service, store, views
from app.schedules.models import (
    ReplanCreate,
    Schedule,
    ShiftMove,
    SolveJob,
    SolveJobCreate,
    WeekMove,
)
from app.schedules.participation import participation
from app.schedules.zone import viewer_zone
from app.validation import ascii_id
from app.web.crud import submit_form
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.forms import Field
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    data = views.dashboard(session=session, today=clock.today())
    names = {d.id: d.name for d in session.exec(select(Department)).all()}
    return render(request, "schedules/dashboard.html", names=names, **data)


# --- Generate and watch -----------------------------------------------------------------------


GENERATE_FIELDS = [
    Field(
        "start",
        "First week (a Monday)",
        "date",
        "The horizon starts on this Monday.",
        required=True,
    ),
    Field("weeks", "Weeks", "number", "How many weeks to plan, 1 to 104.", required=True),
    Field(
        "time_limit_s",
        "Time limit (seconds)",
        "number",
        "The plan is ready by then (reading and storing included), the best found.",
    ),
]


def _schedules_page(request: Request, session: Session, **form: Any) -> HTMLResponse:
    schedules = session.exec(select(Schedule).order_by(col(Schedule.id).desc()).limit(30)).all()
    recent = session.exec(select(SolveJob).order_by(col(SolveJob.id).desc()).limit(10)).all()
    start = clock.next_monday(clock.today())
    published = store.published(session)
    # A new draft reaches at least as far as the published plan, so publishing it ends nothing.
    weeks = 12
    if published is not None:
        weeks = min(104, max(weeks, (store.horizon_end(published) - start).days // 7))
    limit = SolveJobCreate.model_fields["time_limit_s"].default  # the API's default, too
    form.setdefault(
        "values", {"start": str(start), "weeks": str(weeks), "time_limit_s": f"{limit:g}"}
    )
    form.setdefault("errors", {})
    form.setdefault("message", "")
    return render(
        request,
        "schedules/index.html",
        schedules=schedules,
        jobs=recent,
        fields=GENERATE_FIELDS,
        action="/schedules/generate",
        submit="Generate",
        published=store.published(session),
        **form,
    )


@router.get("/schedules")
def schedules_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    return _schedules_page(request, session)


@router.post("/schedules/generate")
def generate(request: Request, form: PostedForm, session: SessionDep, hr: HRForm) -> Response:
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=GENERATE_FIELDS,
        model=SolveJobCreate,
        save=lambda data: service.start_solve(session=session, data=data, actor=hr.user),
        done=lambda job: f"/jobs/{job.id}",
        flash="Solving started.",
        page={
            "title": "Generate a schedule",
            "action": "/schedules/generate",
            "submit": "Generate",
            "back": "/schedules",
        },
    )


@router.post("/schedules/replan")
def replan(request: Request, form: PostedForm, session: SessionDep, hr: HRForm) -> Response:
    data = ReplanCreate(reason=str(form.get("reason", ""))[:500])
    job = service.start_replan(
        session=session, reason=data.reason, time_limit_s=data.time_limit_s, actor=hr.user
    )
    return redirect(f"/jobs/{job.id}", "Re-planning started.")


@router.get("/jobs/{job_id}")
def job_page(job_id: int, request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    job = jobs.get_job(session=session, job_id=job_id)
    return render(request, "schedules/job.html", job=job, progress=views.job_progress(job))


@router.get("/jobs/{job_id}/progress")
def job_progress(job_id: int, session: SessionDep, _hr: HRPage) -> dict[str, Any]:
    return views.job_progress(jobs.get_job(session=session, job_id=job_id))


@router.post("/jobs/{job_id}/cancel")
def cancel_job(job_id: int, session: SessionDep, _hr: HRForm) -> Response:
    jobs.cancel_job(session=session, job_id=job_id)
    return redirect(f"/jobs/{job_id}", "Cancel requested.")


# --- One schedule -----------------------------------------------------------------------------


def _schedule(session: Session, schedule_id: int) -> Schedule:
    return service.get_schedule(session=session, schedule_id=schedule_id)


REVIEW_PAGE = 100  # moves and gaps per page of the review; the rest is a click away


def _window(items: list[Any], offset: int) -> dict[str, Any]:
    offset = max(0, min(offset, max(0, len(items) - 1)))
    return {
        "items": items[offset : offset + REVIEW_PAGE],
        "total": len(items),
        "limit": REVIEW_PAGE,
        "offset": offset,
    }


@router.get("/schedules/{schedule_id}")
def schedule_page(
    schedule_id: int,
    request: Request,
    session: SessionDep,
    _hr: HRPage,
    moves_offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    gaps_offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    changes_offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    schedule = _schedule(session, schedule_id)
    summary = service.schedule_public(session=session, schedule=schedule)
    all_gaps = service.list_gaps(session=session, schedule=schedule)
    gaps = _window(all_gaps, gaps_offset)
    published = store.published(session)
    comparison = None
    moves = None
    if published is not None and published.id != schedule.id:
        comparison = publishing.compare(session=session, schedule=schedule, other=published)
        moves = _window(comparison["moves"], moves_offset)
    changes = service.history(session=session, schedule_id=schedule_id, employee_id=None)
    history = _window(changes[::-1], changes_offset)  # newest first
    return render(
        request,
        "schedules/detail.html",
        schedule=schedule,
        summary=summary,
        gaps=gaps,
        open_gaps=sum(1 for g in all_gaps if not g.acknowledged),
        open_groups=views.gap_summary([g for g in all_gaps if not g.acknowledged]),
        comparison=comparison,
        moves=moves,
        published=published,
        history=history,
        weeks=[schedule.start + timedelta(weeks=i) for i in range(schedule.weeks)],
    )


@router.post("/schedules/{schedule_id}/publish")
def publish(
    schedule_id: int, request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    end_early = form.get("end_early") == "yes"
    job = service.start_publish(
        session=session, schedule_id=schedule_id, actor=hr.user, end_early=end_early
    )
    return redirect(f"/jobs/{job.id}", "Publishing started.")


def _board(
    request: Request, session: Session, schedule: Schedule, week: date, **extra: Any
) -> HTMLResponse:
    days, shifts, cells, turns = views.board(session=session, schedule=schedule, week=week)
    weeks = [schedule.start + timedelta(weeks=i) for i in range(schedule.weeks)]
    zone = viewer_zone(session, getattr(request.state, "viewer", None))
    # Each shift's hours on this week's Monday, in the viewer's zone (blank when it is the same).
    local = {s.id: hours_text(*shift_window(s, week), zone) for s in shifts if s.timezone != zone}
    extra.setdefault("errors", {})
    extra.setdefault("values", {})
    extra.setdefault("message", "")
    return render(
        request,
        "schedules/board.html",
        status=extra.pop("status", 200),
        schedule=schedule,
        week=week,
        days=days,
        shifts=shifts,
        cells=cells,
        turns=turns,
        weeks=weeks,
        zone=zone,
        local=local,
        **extra,
    )


@router.get("/schedules/{schedule_id}/weeks/{week}")
def board_page(
    schedule_id: int, week: date, request: Request, session: SessionDep, _hr: HRPage
) -> HTMLResponse:
    schedule = _schedule(session, schedule_id)
    return _board(request, session, schedule, clock.monday(week))


@router.post("/schedules/{schedule_id}/weeks/{week}/move-week")
def move_week(
    schedule_id: int,
    week: date,
    request: Request,
    form: PostedForm,
    session: SessionDep,
    hr: HRForm,
) -> Response:
    schedule = _schedule(session, schedule_id)
    values = {k: str(form.get(k, "")).strip() for k in ("employee_id", "to_week", "reason")}
    try:
        data = WeekMove.model_validate({**values, "from_week": str(clock.monday(week))})
        changes.move_week(session=session, schedule=schedule, data=data, actor=hr.user)
    except (AppError, ValueError) as exc:
        session.rollback()
        return _move_refused(request, session, schedule, week, values, exc, "week")
    return redirect(f"/schedules/{schedule_id}/weeks/{week}", "Turn moved.")


@router.post("/schedules/{schedule_id}/weeks/{week}/move-shift")
def move_shift(
    schedule_id: int,
    week: date,
    request: Request,
    form: PostedForm,
    session: SessionDep,
    hr: HRForm,
) -> Response:
    schedule = _schedule(session, schedule_id)
    keys = ("shift_row", "day", "shift_template_id", "channel", "reason")
    values = {k: str(form.get(k, "")).strip() for k in keys}
    try:
        shift_row = ascii_id(values["shift_row"])
        if shift_row is None:
            raise NotFound("Choose the shift to move.", field="shift_row")
        data = ShiftMove.model_validate(
            {k: v or None for k, v in values.items() if k != "shift_row"}
        )
        changes.move_shift(
            session=session,
            schedule=schedule,
            shift_id=shift_row,
            data=data,
            actor=hr.user,
        )
    except (AppError, ValueError) as exc:
        session.rollback()
        return _move_refused(request, session, schedule, week, values, exc, "shift")
    return redirect(f"/schedules/{schedule_id}/weeks/{week}", "Shift moved.")


def _move_refused(
    request: Request,
    session: Session,
    schedule: Schedule,
    week: date,
    values: dict[str, str],
    exc: Exception,
    which: str,
) -> HTMLResponse:
    if isinstance(exc, AppError):
        errors = {str(e["field"]): str(e["message"]) for e in exc.errors if e.get("field")}
        message, status = exc.detail, exc.status
    else:  # a pydantic ValidationError
        assert isinstance(exc, ValidationError)
        errors = {str(e["loc"][0]): e["msg"] for e in exc.errors()}
        message, status = "Please correct the fields marked below.", 422
    return _board(
        request,
        session,
        schedule,
        clock.monday(week),
        errors=errors,
        values=values,
        message=message,
        status=status,
        failed=which,
    )


@router.get("/schedules/{schedule_id}/coverage")
def heatmap_page(
    schedule_id: int,
    request: Request,
    session: SessionDep,
    _hr: HRPage,
    start: date | None = None,
    weeks: Annotated[int, Query(ge=1, le=26)] = 4,
) -> HTMLResponse:
    schedule = _schedule(session, schedule_id)
    first = store.opening_week(schedule, start, clock.today())
    data = views.heatmap(session=session, schedule=schedule, start=first, days=7 * weeks)
    return render(
        request, "schedules/heatmap.html", schedule=schedule, start=first, weeks=weeks, **data
    )


@router.get("/reports")
def reports_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    published = store.published(session)
    today = clock.today()
    taking_part = fairness = None
    if published is not None:
        taking_part = participation(session=session, schedule=published, today=today)
        fairness = reports.fairness(session=session, schedule=published, today=today)
    names = {d.id: d.name for d in session.exec(select(Department)).all()}
    return render(
        request,
        "schedules/reports.html",
        published=published,
        participation=taking_part,
        fairness=fairness,
        names=names,
    )
