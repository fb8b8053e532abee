"""REST: solve jobs, schedules, publish, compare, re-plan, manual changes, reports."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import col, select

from app import clock
from app.auth.deps import CurrentUser, HRUser, is_hr
from app.auth.scope import acting_for, scoped_ids
from app.db import SessionDep
from app.errors import Forbidden, Invalid
from app.pagination import Page, PageDep, paginate
from app.schedules import changes, jobs, publishing, reports, service
from app.schedules.models import (
    ChangeLogPublic,
    GapAcknowledge,
    GapsAcknowledge,
    ReplanCreate,
    Schedule,
    ScheduleGapPublic,
    SchedulePublic,
    ScheduleShift,
    ScheduleShiftPublic,
    ScheduleTurn,
    ScheduleTurnPublic,
    ShiftMove,
    SolveJob,
    SolveJobCreate,
    SolveJobPublic,
    WeekMove,
)
from app.schedules.participation import participation
from app.schedules.report_models import (
    Comparison,
    CoverageReport,
    FairnessReport,
    GapsAcknowledged,
    ParticipationReport,
    UpcomingTurn,
)
from app.validation import Day, Flag

router = APIRouter()


# --- Jobs ---------------------------------------------------------------------------------------


@router.post("/schedules", status_code=202, tags=["schedules"])
def generate_schedule(body: SolveJobCreate, session: SessionDep, user: HRUser) -> SolveJobPublic:
    """Start a solve in the background; poll the job for progress and the draft."""
    return SolveJobPublic.model_validate(
        service.start_solve(session=session, data=body, actor=user)
    )


@router.post("/schedules/replan", status_code=202, tags=["schedules"])
def replan(body: ReplanCreate, session: SessionDep, user: HRUser) -> SolveJobPublic:
    """Re-plan the published schedule after changes; the draft keeps everyone it can."""
    job = service.start_replan(
        session=session, reason=body.reason, time_limit_s=body.time_limit_s, actor=user
    )
    return SolveJobPublic.model_validate(job)


@router.get("/jobs", tags=["jobs"])
def list_jobs(
    session: SessionDep, _hr: HRUser, page: PageDep, status: str | None = None
) -> Page[SolveJobPublic]:
    query = select(SolveJob).order_by(col(SolveJob.id).desc())
    if status:
        query = query.where(SolveJob.status == status)
    return paginate(session, query, page)


@router.get("/jobs/{job_id}", tags=["jobs"])
def read_job(job_id: int, session: SessionDep, _hr: HRUser) -> SolveJobPublic:
    return SolveJobPublic.model_validate(jobs.get_job(session=session, job_id=job_id))


@router.post("/jobs/{job_id}/cancel", tags=["jobs"])
def cancel_job(job_id: int, session: SessionDep, _hr: HRUser) -> SolveJobPublic:
    return SolveJobPublic.model_validate(jobs.cancel_job(session=session, job_id=job_id))


# --- Schedules ------------------------------------------------------------------------------------


@router.get("/schedules", tags=["schedules"])
def list_schedules(
    session: SessionDep, _hr: HRUser, page: PageDep, status: str | None = None
) -> Page[SchedulePublic]:
    query = select(Schedule).order_by(col(Schedule.id).desc())
    if status:
        query = query.where(Schedule.status == status)
    result = paginate(session, query, page)
    result.items = [service.schedule_public(session=session, schedule=s) for s in result.items]
    return result


@router.get("/schedules/{schedule}", tags=["schedules"])
def read_schedule(schedule: str, session: SessionDep, user: CurrentUser) -> SchedulePublic:
    """A schedule by id, or `published`. Employees see the published one only."""
    found = _visible(session, schedule, user)
    return service.schedule_public(session=session, schedule=found)


def _visible(session: SessionDep, ref: str, user: CurrentUser) -> Schedule:
    found = service.resolve_schedule(session=session, ref=ref)
    if not is_hr(user) and found.status != "published":
        raise Forbidden("Employees see the published schedule only.")
    return found


def _own_scope(user: CurrentUser, employee_id: int | None) -> frozenset[int] | None:
    """HR sees anyone; an employee sees only themself; a login without a record, nobody."""
    return scoped_ids(user, employee_id, "Employees see their own turns and shifts.")


@router.get("/schedules/{schedule}/turns", tags=["schedules"])
def list_turns(
    schedule: str,
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    employee_id: int | None = None,
    week_start: Day | None = None,
) -> Page[ScheduleTurnPublic]:
    found = _visible(session, schedule, user)
    people = _own_scope(user, employee_id)
    query = (
        select(ScheduleTurn)
        .where(ScheduleTurn.schedule_id == found.id)
        .order_by(col(ScheduleTurn.week_start), col(ScheduleTurn.employee_id))
    )
    if people is not None:
        query = query.where(col(ScheduleTurn.employee_id).in_(people))
    if week_start is not None:
        query = query.where(ScheduleTurn.week_start == week_start)
    return paginate(session, query, page)


@router.get("/schedules/{schedule}/shifts", tags=["schedules"])
def list_shifts(
    schedule: str,
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    employee_id: int | None = None,
    start: Annotated[Day | None, Query(description="From this day")] = None,
    end: Annotated[Day | None, Query(description="Up to this day")] = None,
) -> Page[ScheduleShiftPublic]:
    found = _visible(session, schedule, user)
    people = _own_scope(user, employee_id)
    query = (
        select(ScheduleShift)
        .where(ScheduleShift.schedule_id == found.id)
        .order_by(
            col(ScheduleShift.day), col(ScheduleShift.shift_template_id), col(ScheduleShift.id)
        )
    )
    if people is not None:
        query = query.where(col(ScheduleShift.employee_id).in_(people))
    if start is not None:
        query = query.where(col(ScheduleShift.day) >= start)
    if end is not None:
        query = query.where(col(ScheduleShift.day) <= end)
    return paginate(session, query, page)


@router.get("/schedules/{schedule}/gaps", tags=["schedules"])
def list_gaps(
    schedule: str,
    session: SessionDep,
    _hr: HRUser,
    open_only: Flag = False,
    kind: str | None = None,
) -> list[ScheduleGapPublic]:
    found = service.resolve_schedule(session=session, ref=schedule)
    return service.list_gaps(session=session, schedule=found, open_only=open_only, kind=kind)


@router.post("/schedules/{schedule_id}/gaps/{gap_id}/acknowledge", tags=["schedules"])
def acknowledge_gap(
    schedule_id: int, gap_id: int, body: GapAcknowledge, session: SessionDep, user: HRUser
) -> ScheduleGapPublic:
    return service.acknowledge_gap(
        session=session, schedule_id=schedule_id, gap_id=gap_id, note=body.note, actor=user
    )


@router.post("/schedules/{schedule_id}/gaps/acknowledge", tags=["schedules"])
def acknowledge_gaps(
    schedule_id: int, body: GapsAcknowledge, session: SessionDep, user: HRUser
) -> GapsAcknowledged:
    """Every open gap of these kinds in one week at once, with one note."""
    count = service.acknowledge_gaps(
        session=session,
        schedule_id=schedule_id,
        kinds=body.kinds,
        week=body.week,
        note=body.note,
        actor=user,
    )
    return GapsAcknowledged(acknowledged=count)


@router.get("/schedules/{schedule}/compare", tags=["schedules"])
def compare(
    schedule: str, session: SessionDep, _hr: HRUser, against: str = "published"
) -> Comparison:
    """Who moves between two schedules (default: against the published one), and why."""
    mine = service.resolve_schedule(session=session, ref=schedule)
    other = service.resolve_schedule(session=session, ref=against)
    return Comparison.model_validate(
        publishing.compare(session=session, schedule=mine, other=other)
    )


@router.post("/schedules/{schedule_id}/publish", status_code=202, tags=["schedules"])
def publish(
    schedule_id: int,
    session: SessionDep,
    user: HRUser,
    end_early: Annotated[
        bool,
        Query(description="Drop the published turns after this draft's last week (409 without)"),
    ] = False,
) -> SolveJobPublic:
    """Publish a draft, as a job (poll it like a solve): the schedule, every calendar and the
    messages commit together. Published weeks outside its horizon are kept; a draft that ends
    before the published plan is refused (409) unless `end_early=true` names the choice."""
    job = service.start_publish(
        session=session, schedule_id=schedule_id, actor=user, end_early=end_early
    )
    return SolveJobPublic.model_validate(job)


@router.post("/schedules/{schedule_id}/moves", tags=["schedules"])
def move_week(
    schedule_id: int, body: WeekMove, session: SessionDep, user: HRUser
) -> ScheduleTurnPublic:
    """Move someone's turn to another week by hand (checked against the hard rules and caps)."""
    schedule = service.get_schedule(session=session, schedule_id=schedule_id)
    turn = changes.move_week(session=session, schedule=schedule, data=body, actor=user)
    return ScheduleTurnPublic.model_validate(turn)


@router.patch("/schedules/{schedule_id}/shifts/{shift_id}", tags=["schedules"])
def move_shift(
    schedule_id: int, shift_id: int, body: ShiftMove, session: SessionDep, user: HRUser
) -> ScheduleShiftPublic:
    schedule = service.get_schedule(session=session, schedule_id=schedule_id)
    row = changes.move_shift(
        session=session, schedule=schedule, shift_id=shift_id, data=body, actor=user
    )
    return ScheduleShiftPublic.model_validate(row)


@router.get("/schedules/{schedule_id}/history", tags=["schedules"])
def schedule_history(
    schedule_id: int, session: SessionDep, _hr: HRUser, employee_id: int | None = None
) -> list[ChangeLogPublic]:
    rows = service.history(session=session, schedule_id=schedule_id, employee_id=employee_id)
    return [ChangeLogPublic.model_validate(r) for r in rows]


# --- Reports --------------------------------------------------------------------------------------


@router.get("/reports/coverage", tags=["reports"])
def coverage_report(
    session: SessionDep, _hr: HRUser, start: date, end: date, schedule: str = "published"
) -> CoverageReport:
    found = service.resolve_schedule(session=session, ref=schedule)
    return CoverageReport.model_validate(
        reports.coverage(session=session, schedule=found, start=start, end=end)
    )


@router.get("/reports/upcoming", tags=["reports"])
def upcoming_report(
    session: SessionDep, user: CurrentUser, employee_id: int | None = None
) -> list[UpcomingTurn]:
    """Someone's upcoming turns with their shifts and mentors (your own by default)."""
    asked = employee_id if employee_id is not None else user.employee_id
    target = acting_for(user, asked, "Employees see their own upcoming turns.")
    if target is None:
        raise Invalid("Name the employee whose turns to show.", field="employee_id")
    found = service.resolve_schedule(session=session, ref="published")
    rows = reports.upcoming(
        session=session, schedule=found, employee_id=target, today=clock.today()
    )
    return [UpcomingTurn.model_validate(row) for row in rows]


@router.get("/reports/participation", tags=["reports"])
def participation_report(
    session: SessionDep, _hr: HRUser, schedule: str = "published"
) -> ParticipationReport:
    found = service.resolve_schedule(session=session, ref=schedule)
    return ParticipationReport.model_validate(
        participation(session=session, schedule=found, today=clock.today())
    )


@router.get("/reports/fairness", tags=["reports"])
def fairness_report(
    session: SessionDep, _hr: HRUser, schedule: str = "published"
) -> FairnessReport:
    found = service.resolve_schedule(session=session, ref=schedule)
    return FairnessReport.model_validate(
        reports.fairness(session=session, schedule=found, today=clock.today())
    )
