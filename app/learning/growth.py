"""What a person brings back from the line: finished blocks, channels learned, learnings logged."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from app import clock
from app.coverage.models import Channel
from app.db import saved_id
from app.learning.models import Learning
from app.people.models import Department, Employee
from app.rules.service import get_rotation_settings
from app.schedules.store import history_before, shifts_worked_before, turn_uid


@dataclass(frozen=True)
class Block:
    """Consecutive weeks one person spent on the line."""

    employee_id: int
    first_week: date
    last_week: date

    @property
    def weeks(self) -> int:
        return (self.last_week - self.first_week).days // 7 + 1

    @property
    def last_turn_uid(self) -> str:
        return turn_uid(self.employee_id, self.last_week)

    def holds(self, week: date | None) -> bool:
        return week is not None and self.first_week <= week <= self.last_week


def finished_blocks(
    *, session: Session, today: date, employee_id: int | None = None
) -> list[Block]:
    """Blocks of published turns whose last week is over by `today`."""
    monday = clock.monday(today)
    weeks: dict[int, list[date]] = defaultdict(list)
    for turn in history_before(session, monday):
        if employee_id is None or turn.person_id == employee_id:
            weeks[turn.person_id].append(turn.week_start)
    blocks = []
    for person, starts in weeks.items():
        starts.sort()
        first = previous = starts[0]
        for week in starts[1:]:
            if week - previous > timedelta(days=7):
                blocks.append(Block(person, first, previous))
                first = week
            previous = week
        blocks.append(Block(person, first, previous))
    return sorted(blocks, key=lambda b: (b.first_week, b.employee_id))


@dataclass(frozen=True)
class ChannelProgress:
    channel: str
    shifts: int
    needed: int

    @property
    def experienced(self) -> bool:
        return self.shifts >= self.needed


@dataclass(frozen=True)
class Profile:
    employee_id: int
    name: str
    rotations_done: int
    weeks_on_line: int
    channels: list[ChannelProgress]
    can_mentor_on: list[str]
    learnings_logged: int
    blocks_without_learning: list[Block]


WRITE_UP_WEEKS = 4  # a turn over longer ago than this is history, no longer a write-up to ask for


def profile(*, session: Session, employee: Employee, today: date) -> Profile:
    """Rotations done, channels learned (and how close the rest are), learnings logged."""
    settings = get_rotation_settings(session=session)
    recent = clock.monday(today) - timedelta(weeks=WRITE_UP_WEEKS)
    blocks = finished_blocks(session=session, today=today, employee_id=employee.id)
    worked = shifts_worked_before(session, today).get(saved_id(employee), Counter())
    channels = [c.name for c in session.exec(select(Channel).order_by(col(Channel.name))).all()]
    department = session.get(Department, employee.department_id)
    needed = settings.experienced_after_shifts
    progress = [ChannelProgress(c, worked.get(c, 0), needed) for c in channels]
    can_mentor = (
        channels
        if department and department.is_support
        else [p.channel for p in progress if p.experienced]
    )
    logged_weeks = session.exec(
        select(col(Learning.week_start)).where(Learning.employee_id == employee.id)
    ).all()
    count = session.exec(
        select(func.count()).select_from(Learning).where(Learning.employee_id == employee.id)
    ).one()
    return Profile(
        employee_id=saved_id(employee),
        name=employee.name,
        rotations_done=len(blocks),
        weeks_on_line=sum(b.weeks for b in blocks),
        channels=progress,
        can_mentor_on=can_mentor,
        learnings_logged=count,
        blocks_without_learning=[
            b
            for b in blocks
            if b.last_week >= recent and not any(b.holds(week) for week in logged_weeks)
        ],
    )
