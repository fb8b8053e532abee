"""Web: log what you learned, see your history, triage a department's inbox, read insights."""

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from app import clock
from app.auth.deps import is_hr
from app.auth.scope import may_act_for
from app.db import SessionDep
from app.errors import Forbidden
from app.learning import insights, service
from app.learning.models import (
    CATEGORY_LABELS,
    Category,
    LearningCreate,
    LearningStatus,
    LearningUpdate,
    MergeRequest,
    StatusMove,
)
from app.pagination import PageParams, paginate
from app.people.models import Department
from app.schedules.models import Schedule, ScheduleTurn
from app.schedules.store import PUBLISHED_EVER
from app.validation import ascii_id
from app.web.crud import form_page, submit_form
from app.web.deps import FormViewer, PageViewer, PostedForm, Viewer, redirect
from app.web.forms import Field, record_tag
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _turn_options(session: Session, employee_id: int | None) -> list[tuple[str, str]]:
    """The person's turns that have started, newest first (a learning comes after the line)."""
    if employee_id is None:
        return []
    today = clock.today()
    rows = session.exec(
        select(col(ScheduleTurn.uid), col(ScheduleTurn.week_start))
        .join(Schedule, col(Schedule.id) == ScheduleTurn.schedule_id)
        .where(ScheduleTurn.employee_id == employee_id, col(ScheduleTurn.week_start) <= today)
        .where(col(Schedule.status).in_(PUBLISHED_EVER))
    ).all()
    weeks = sorted({(w, u) for u, w in rows}, reverse=True)
    return [(u, f"Week of {w}") for w, u in weeks[:26]]


def learning_fields(session: Session, viewer: Viewer, *, editing: bool) -> list[Field]:
    departments = session.exec(select(Department).order_by(col(Department.name))).all()
    fields = [
        Field(
            "summary",
            "What did customers run into?",
            "textarea",
            "One or two sentences: what happened and why it matters.",
            required=True,
        ),
        Field(
            "category",
            "Category",
            "select",
            required=True,
            options=[(c.value, label) for c, label in CATEGORY_LABELS.items()],
        ),
        Field("product_area", "Product area", help="e.g. billing, search, mobile app."),
        Field(
            "department_id",
            "Route to department",
            "select",
            "The department that can act on it sees it in its inbox.",
            required=True,
            options=[(str(d.id), d.name) for d in departments],
            choose=True,  # a hurried person would otherwise route to the first department
        ),
        Field(
            "customers_affected",
            "Customers who raised it",
            "number",
            "Your best count from this rotation.",
        ),
        Field(
            "ticket_ids",
            "Tickets (optional)",
            "list",
            "Help-desk ticket ids, comma-separated; with no count above, each is one customer.",
        ),
        Field("customer_quote", "A customer's words (optional)", "textarea"),
    ]
    if not editing:
        fields.append(
            Field(
                "turn_uid",
                "From your turn",
                "select",
                "Optional: the week on the line it came from.",
                options=_turn_options(session, viewer.user.employee_id),
            )
        )
    return fields


@router.get("/learnings")
def learnings_page(
    request: Request,
    session: SessionDep,
    viewer: PageViewer,
    status: LearningStatus | None = None,
    category: Category | None = None,
    inbox: bool = False,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    query = service.learning_query(
        session=session,
        actor=viewer.user,
        status=status,
        category=category.value if category else None,
        inbox=inbox,
    )
    page = paginate(session, query, PageParams(limit=50, offset=offset))
    items = service.to_public(session=session, learnings=page.items)
    led = service.led_departments(session=session, user=viewer.user)
    filters = {
        "status": status.value if status else "",
        "category": category.value if category else "",
        "inbox": "true" if inbox else "",
    }
    base = "/learnings?" + "&".join(f"{k}={v}" for k, v in filters.items() if v) + "&"
    return render(
        request,
        "learning/index.html",
        page=page,
        items=items,
        filters=filters,
        leads=bool(led),
        base=base,
        statuses=[s.value for s in LearningStatus],
    )


def _new_page() -> dict[str, Any]:
    return {
        "title": "Log what you learned",
        "action": "/learnings/new",
        "submit": "Save learning",
        "back": "/learnings",
        "intro": "What customers told you is how the company learns. "
        "Route it to the team that can fix it.",
    }


@router.get("/learnings/new")
def new_learning(
    request: Request,
    session: SessionDep,
    viewer: PageViewer,
    turn: Annotated[str, Query(max_length=80)] = "",
) -> HTMLResponse:
    values = {"customers_affected": "", "turn_uid": turn, "category": Category.pain_point.value}
    fields = learning_fields(session, viewer, editing=False)
    return form_page(request, fields=fields, values=values, **_new_page())


@router.post("/learnings/new")
def create_learning(
    request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    if viewer.user.employee_id is None and not is_hr(viewer.user):
        raise Forbidden("Only employees log learnings.")
    return submit_form(
        request,
        form,
        session,
        viewer,
        fields=learning_fields(session, viewer, editing=False),
        model=LearningCreate,
        save=lambda data: service.create_learning(session=session, data=data, actor=viewer.user),
        done=lambda learning: f"/learnings/{learning.id}",
        flash="Thank you: your learning is routed to the department.",
        page=_new_page(),
    )


def _detail(
    request: Request, session: Session, viewer: Viewer, learning_id: int, **extra: Any
) -> HTMLResponse:
    learning = service.get_learning(session=session, learning_id=learning_id, actor=viewer.user)
    public = service.to_public(session=session, learnings=[learning])[0]
    triage = service.can_triage(session=session, user=viewer.user, learning=learning)
    editable = may_act_for(viewer.user, learning.employee_id)
    merged = list(
        session.exec(
            select(service.Learning).where(service.Learning.merged_into_id == learning_id)
        ).all()
    )
    extra.setdefault("errors", {})
    extra.setdefault("message", "")
    values = extra.pop("values", None) or {
        **learning.model_dump(),
        "department_id": str(learning.department_id),
        "ticket_ids": ", ".join(learning.ticket_ids),
    }
    return render(
        request,
        "learning/detail.html",
        status=extra.pop("status", 200),
        learning=public,
        history=service.status_history(session=session, learning_id=learning_id, actor=viewer.user),
        triage=triage,
        editable=editable,
        merged=merged,
        fields=learning_fields(session, viewer, editing=True),
        values=values,
        statuses=[s.value for s in LearningStatus],
        record_tag=record_tag(learning),
        **extra,
    )


@router.get("/learnings/{learning_id}")
def learning_page(
    learning_id: int, request: Request, session: SessionDep, viewer: PageViewer
) -> HTMLResponse:
    return _detail(request, session, viewer, learning_id)


@router.post("/learnings/{learning_id}/edit")
def edit_learning(
    learning_id: int, request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    page = {
        "title": "Edit learning",
        "action": f"/learnings/{learning_id}/edit",
        "submit": "Save",
        "back": f"/learnings/{learning_id}",
    }
    return submit_form(
        request,
        form,
        session,
        viewer,
        fields=learning_fields(session, viewer, editing=True),
        model=LearningCreate,
        save=lambda data: service.update_learning(
            session=session,
            learning_id=learning_id,
            actor=viewer.user,
            data=LearningUpdate.model_validate(
                data.model_dump(exclude={"turn_uid", "employee_id"})
            ),
        ),
        done=f"/learnings/{learning_id}",
        flash="Learning saved.",
        current=service.get_learning(session=session, learning_id=learning_id, actor=viewer.user),
        page=page,
    )


@router.post("/learnings/{learning_id}/status")
def move_status(
    learning_id: int, request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    try:
        data = StatusMove.model_validate(
            {"status": form.get("status"), "note": str(form.get("note", ""))[:500]}
        )
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        choices = ", ".join(s.value for s in LearningStatus)
        message = f"Choose one of: {choices}." if field == "status" else exc.errors()[0]["msg"]
        return _detail(request, session, viewer, learning_id, status=422, errors={field: message})
    service.move_status(session=session, learning_id=learning_id, data=data, actor=viewer.user)
    return redirect(f"/learnings/{learning_id}", f"Marked {data.status.value}.")


@router.post("/learnings/{learning_id}/merge")
def merge(
    learning_id: int, request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    raw = str(form.get("learning_ids", ""))
    ids = [i for i in (ascii_id(x) for x in raw.replace(",", " ").split()) if i is not None]
    if not ids:
        return _detail(
            request,
            session,
            viewer,
            learning_id,
            status=422,
            errors={"learning_ids": "Give the numbers of the learnings to merge."},
        )
    service.merge(
        session=session,
        learning_id=learning_id,
        data=MergeRequest(learning_ids=ids),
        actor=viewer.user,
    )
    return redirect(f"/learnings/{learning_id}", f"Merged {len(ids)} learning(s) into this one.")


def _insight_scope(session: Session, viewer: Viewer) -> set[int] | None:
    if viewer.is_hr:
        return None
    led = service.led_departments(session=session, user=viewer.user)
    if not led:
        raise Forbidden("Insights are for HR and department leads.")
    return led


@router.get("/insights")
def insights_page(request: Request, session: SessionDep, viewer: PageViewer) -> HTMLResponse:
    scope = _insight_scope(session, viewer)
    data = insights.summary(session=session, today=clock.today(), departments=scope)
    return render(request, "learning/insights.html", data=data)


@router.get("/insights/export.csv")
def export_csv(session: SessionDep, viewer: PageViewer) -> Response:
    _insight_scope(session, viewer)
    rows = list(session.exec(service.learning_query(session=session, actor=viewer.user)).all())
    stamp = (clock.today() + timedelta(days=0)).isoformat()
    return Response(
        insights.export_csv(session=session, learnings=rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="learnings-{stamp}.csv"'},
    )
