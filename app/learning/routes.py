"""REST: learnings, their status and merges, insights with CSV export, and a person's growth."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app import clock
from app.auth.deps import CurrentUser, is_hr
from app.auth.scope import require_own
from app.db import SessionDep
from app.errors import Forbidden
from app.learning import growth, insights, service
from app.learning.answers import BlockToWriteUp, ChannelGrowth, Growth, InsightSummary
from app.learning.models import (
    Category,
    LearningCreate,
    LearningPublic,
    LearningStatus,
    LearningUpdate,
    MergeRequest,
    StatusChangePublic,
    StatusMove,
)
from app.pagination import Page, PageDep, paginate
from app.people.service import get_employee
from app.validation import Flag

router = APIRouter(tags=["learnings"])


def _one(session: SessionDep, learning: Any) -> LearningPublic:
    return service.to_public(session=session, learnings=[learning])[0]


@router.get("/learnings")
def list_learnings(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: LearningStatus | None = None,
    category: Category | None = None,
    department_id: int | None = None,
    employee_id: int | None = None,
    product_area: Annotated[str | None, Query(max_length=100)] = None,
    include_merged: Flag = True,
    inbox: Annotated[
        bool, Query(description="Only what is routed to the departments you answer for")
    ] = False,
) -> Page[LearningPublic]:
    query = service.learning_query(
        session=session,
        actor=user,
        status=status,
        category=category.value if category else None,
        department_id=department_id,
        employee_id=employee_id,
        product_area=product_area,
        include_merged=include_merged,
        inbox=inbox,
    )
    result = paginate(session, query, page)
    items = service.to_public(session=session, learnings=result.items)
    return Page[LearningPublic](
        items=items, total=result.total, limit=page.limit, offset=page.offset
    )


@router.post("/learnings", status_code=201)
def create_learning(body: LearningCreate, session: SessionDep, user: CurrentUser) -> LearningPublic:
    return _one(session, service.create_learning(session=session, data=body, actor=user))


@router.get("/learnings/insights")
def learning_insights(session: SessionDep, user: CurrentUser) -> InsightSummary:
    """HR sees every department; a department lead sees the departments they lead."""
    scope = None if is_hr(user) else service.led_departments(session=session, user=user)
    if scope is not None and not scope:
        raise Forbidden("Insights are for HR and department leads.")
    return InsightSummary.model_validate(
        insights.summary(session=session, today=clock.today(), departments=scope)
    )


@router.get(
    "/learnings/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_learnings(
    session: SessionDep, user: CurrentUser, status: LearningStatus | None = None
) -> Response:
    query = service.learning_query(session=session, actor=user, status=status)
    rows = list(session.exec(query).all())
    return Response(
        insights.export_csv(session=session, learnings=rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="learnings.csv"'},
    )


@router.get("/learnings/{learning_id}")
def read_learning(learning_id: int, session: SessionDep, user: CurrentUser) -> LearningPublic:
    return _one(session, service.get_learning(session=session, learning_id=learning_id, actor=user))


@router.patch("/learnings/{learning_id}")
def update_learning(
    learning_id: int, body: LearningUpdate, session: SessionDep, user: CurrentUser
) -> LearningPublic:
    learning = service.update_learning(
        session=session, learning_id=learning_id, data=body, actor=user
    )
    return _one(session, learning)


@router.delete("/learnings/{learning_id}", status_code=204)
def delete_learning(learning_id: int, session: SessionDep, user: CurrentUser) -> Response:
    service.delete_learning(session=session, learning_id=learning_id, actor=user)
    return Response(status_code=204)


@router.post("/learnings/{learning_id}/status")
def move_status(
    learning_id: int, body: StatusMove, session: SessionDep, user: CurrentUser
) -> LearningPublic:
    learning = service.move_status(session=session, learning_id=learning_id, data=body, actor=user)
    return _one(session, learning)


@router.get("/learnings/{learning_id}/history")
def status_history(
    learning_id: int, session: SessionDep, user: CurrentUser
) -> list[StatusChangePublic]:
    return service.status_history(session=session, learning_id=learning_id, actor=user)


@router.post("/learnings/{learning_id}/merge")
def merge_learnings(
    learning_id: int, body: MergeRequest, session: SessionDep, user: CurrentUser
) -> LearningPublic:
    learning = service.merge(session=session, learning_id=learning_id, data=body, actor=user)
    return _one(session, learning)


@router.post("/learnings/{learning_id}/unmerge")
def unmerge_learning(learning_id: int, session: SessionDep, user: CurrentUser) -> LearningPublic:
    return _one(session, service.unmerge(session=session, learning_id=learning_id, actor=user))


@router.get("/employees/{employee_id}/growth", tags=["employees"])
def employee_growth(employee_id: int, session: SessionDep, user: CurrentUser) -> Growth:
    """Rotations done, channels learned toward mentoring, learnings logged, blocks to write up."""
    require_own(user, employee_id, "Employees can see only their own growth.")
    employee = get_employee(session=session, employee_id=employee_id)
    found = growth.profile(session=session, employee=employee, today=clock.today())
    return Growth(
        employee_id=found.employee_id,
        name=found.name,
        rotations_done=found.rotations_done,
        weeks_on_line=found.weeks_on_line,
        channels=[
            ChannelGrowth(
                channel=c.channel, shifts=c.shifts, needed=c.needed, experienced=c.experienced
            )
            for c in found.channels
        ],
        can_mentor_on=found.can_mentor_on,
        learnings_logged=found.learnings_logged,
        blocks_without_learning=[
            BlockToWriteUp(
                first_week=b.first_week,
                last_week=b.last_week,
                log_url=f"/learnings/new?turn={b.last_turn_uid}",
            )
            for b in found.blocks_without_learning
        ],
    )
