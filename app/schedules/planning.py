"""From a job to a stored draft: gather the problem, solve it, store the plan."""

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import clock
from app.db import saved_id
from app.rules.service import get_rotation_settings
from app.schedules import store
from app.schedules.drafts import Draft, kept_weeks, open_draft, save_plan
from app.schedules.gap_rows import solver_gaps
from app.schedules.models import Schedule, SolveJob
from app.schedules.problem import build_problem
from solver import Pin, Plan, Problem, solve
from solver.model import WeekTurn
from solver.solve import Progress, ShouldStop

log = logging.getLogger("rota.jobs")
PINNED_SOURCES = ("manual", "swap")


@dataclass
class PlanningContext:
    problem: Problem
    base: Schedule | None
    frozen_until: date | None
    sources: dict[tuple[int, date], str]
    # Weeks (Mondays) where the base has seats of people who no longer rotate: the solver
    # did not see them, so the base's seats of those weeks are not the plan's.
    partly_read: frozenset[date] = frozenset()


def replan_horizon(published: Schedule) -> tuple[date, int]:
    """A re-plan covers the published schedule from this week (or its start) to its end."""
    start = max(published.start, clock.monday(clock.today()))
    end = store.horizon_end(published)
    return start, max(1, (end - start).days // 7)


def prepare(*, session: Session, job: SolveJob) -> PlanningContext:
    problem = build_problem(session=session, start=job.start, weeks=job.weeks)
    problem = replace(problem, history=store.history_before(session, job.start))
    base = session.get(Schedule, job.base_schedule_id) if job.base_schedule_id else None
    base = base or store.published(session)
    if base is None or store.horizon_end(base) <= job.start:
        return PlanningContext(problem, None, None, {})

    horizon = problem.horizon
    freeze = get_rotation_settings(session=session).freeze_weeks
    frozen_until = clock.monday(clock.today()) + timedelta(weeks=freeze)
    frozen_weeks = max(0, min(horizon.weeks, (frozen_until - horizon.start).days // 7))
    active = {p.id for p in problem.people}
    previous, pins, sources = [], [], {}
    for turn in store.turns_of(session, saved_id(base)):
        week = horizon.week_of(turn.week_start)
        if not 0 <= week < horizon.weeks or turn.employee_id not in active:
            continue
        previous.append(
            WeekTurn(
                turn.employee_id,
                week,
                turn.days,
                turn.rule_id or 0,
                turn.block,
                turn.turn_weeks,
                turn.with_mentor,
            )
        )
        if week < frozen_weeks or turn.source in PINNED_SOURCES:
            pins.append(Pin(turn.employee_id, week, True, turn.days, turn.rule_id))
            sources[(turn.employee_id, turn.week_start)] = turn.source
    seats = store.seats_of(session, saved_id(base), horizon.start, horizon.end)
    previous_shifts = tuple(seat for seat in seats if seat.person_id in active)
    partly_read = {clock.monday(seat.day) for seat in seats if seat.person_id not in active}
    problem = replace(
        problem,
        previous=tuple(previous),
        previous_shifts=previous_shifts,
        pins=tuple(pins),
        frozen_weeks=frozen_weeks,
        seat_fingerprints=_by_monday(base.seat_fingerprints),
        previous_gaps=solver_gaps(session, saved_id(base), horizon),
        gap_fingerprints=_by_monday(base.gap_fingerprints),
    )
    frozen_until = horizon.week_start(frozen_weeks)
    return PlanningContext(problem, base, frozen_until, sources, frozenset(partly_read))


def _by_monday(marks: dict[str, str]) -> tuple[tuple[date, str], ...]:
    return tuple((date.fromisoformat(week), mark) for week, mark in marks.items())


def run_solver(
    context: PlanningContext,
    time_limit_s: float,
    workers: int,
    on_progress: Progress,
    should_stop: ShouldStop,
    pace: float | None = None,
) -> Plan:
    return solve(
        context.problem,
        time_limit_s=time_limit_s,
        workers=workers,
        seed=0,
        on_progress=on_progress,
        should_stop=should_stop,
        pace=pace,
    )


def store_plan(
    *, session: Session, context: PlanningContext, plan: Plan, draft: Draft | None = None
) -> Schedule:
    """The plan as a draft: into `draft` when one was opened ahead (draft_ahead), else into a
    new one holding the base's seats of the weeks the plan keeps."""
    horizon = context.problem.horizon
    keep = plan.seated_as_before - context.partly_read
    if draft is None:
        weeks = kept_weeks(horizon, context.frozen_until, keep)
        draft = open_draft(session=session, horizon=horizon, base=context.base, weeks=weeks)
    return save_plan(
        draft=draft,
        plan=plan,
        horizon=horizon,
        base=context.base,
        keep_from_base_before=context.frozen_until,
        sources=context.sources,
        copy_weeks=keep,
    )


class DraftAhead:
    """The draft of a re-plan opened on a thread of its own while the solver runs: its own
    transaction copies the base's turns and its seats of every week the plan may keep, which
    PostgreSQL does on the other core. Most stay as they were; what the plan changes is
    dropped from the copy when the plan is stored. Nothing is visible before the commit."""

    def __init__(self, engine: Engine, context: PlanningContext) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft-ahead")
        self._future = self._pool.submit(self._open, engine, context)

    @staticmethod
    def _open(engine: Engine, context: PlanningContext) -> Draft:
        horizon = context.problem.horizon
        mondays = {horizon.week_start(w) for w in range(horizon.weeks)}
        weeks = kept_weeks(horizon, context.frozen_until, mondays - context.partly_read)
        session = Session(engine, expire_on_commit=False)
        try:
            return open_draft(session=session, horizon=horizon, base=context.base, weeks=weeks)
        except BaseException:
            session.close()
            raise

    def draft(self) -> Draft | None:
        """The draft, once its copy is done; None when it failed (the plan is then stored
        the ordinary way)."""
        try:
            return self._future.result()
        except Exception:  # noqa: BLE001 - storing the plan without it still works
            log.exception("opening the draft ahead of the plan failed")
            return None
        finally:
            self._pool.shutdown()

    def discard(self) -> None:
        """Roll the copy back (the solve was cancelled or failed)."""
        draft = self.draft()
        if draft is not None:
            draft.session.rollback()
            draft.session.close()


def draft_ahead(engine: Engine, context: PlanningContext) -> DraftAhead | None:
    """A draft opened ahead for a re-plan on PostgreSQL. Not on SQLite: its one writer at a
    time would hold the job's progress reports back until the plan is stored."""
    if context.base is None or engine.dialect.name != "postgresql":
        return None
    return DraftAhead(engine, context)


def plan_now(
    *, session: Session, start: date, weeks: int, time_limit_s: float, workers: int = 2
) -> Schedule:
    """Solve in this process and store the draft (the CLI and the demo; the API uses jobs)."""
    job = SolveJob(start=start, weeks=weeks, time_limit_s=time_limit_s)
    context = prepare(session=session, job=job)
    plan = run_solver(context, time_limit_s, workers, lambda _event: None, lambda: False)
    return store_plan(session=session, context=context, plan=plan)
