"""What the published schedule puts in feeds: one event per block, per seat and per slot of
the line, as plain values (a digest tells whether a stored event still matches)."""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeAlias
from urllib.parse import quote

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app import clock
from app.config import get_settings
from app.coverage.models import Channel, ShiftTemplate
from app.people.models import Employee
from app.schedules.models import ScheduleShift, ScheduleTurn

# What events are derived from: a turn's and a seat's columns, read without an object each.
TURN_COLUMNS = tuple(
    col(c)
    for c in (
        ScheduleTurn.id,
        ScheduleTurn.uid,
        ScheduleTurn.employee_id,
        ScheduleTurn.week_start,
        ScheduleTurn.days,
        ScheduleTurn.block,
        ScheduleTurn.turn_weeks,
        ScheduleTurn.with_mentor,
    )
)
SEAT_COLUMNS = tuple(
    col(c)
    for c in (
        ScheduleShift.id,
        ScheduleShift.employee_id,
        ScheduleShift.day,
        ScheduleShift.shift_template_id,
        ScheduleShift.channel,
        ScheduleShift.mentor_id,
    )
)


# Turns and seats arrive as rows of TURN_COLUMNS and SEAT_COLUMNS (attributes by column name).
Turn: TypeAlias = Any
Seat: TypeAlias = Any


@dataclass
class Wanted:
    uid: str
    kind: str
    employee_id: int | None
    department_id: int | None
    turn_id: int | None
    all_day: bool
    first_day: date
    last_day: date
    start_local: datetime | None
    end_local: datetime | None
    tzid: str | None
    summary: str
    description: str
    transparent: bool

    def digest(self) -> str:
        parts = (
            self.kind,
            self.employee_id,
            self.department_id,
            self.all_day,
            self.first_day,
            self.last_day,
            self.start_local,
            self.end_local,
            self.tzid,
            self.summary,
            self.description,
            self.transparent,
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass
class New(Wanted):
    """An event stored for the first time."""

    content_hash: str
    created_at: datetime
    updated_at: datetime
    sequence: int = 0
    status: str = "CONFIRMED"
    cancelled_at: datetime | None = None


def _links(base: str, turn: Turn | None) -> str:
    lines = [f"Your rotation: {base}/me"]
    if turn is not None:
        # By UID, not row id: a re-plan that keeps the turn keeps the event unchanged.
        ref = quote(turn.uid)
        lines.append(f"Ask for a swap: {base}/swaps/new?turn={ref}")
        lines.append(f"Log what you learned: {base}/learnings/new?turn={ref}")
    return "\n".join(lines)


# What of a person the stored events show: names (line slots, mentors) and the department.
PERSON_FIELDS = frozenset({"name", "department_id"})


def shift_uid(employee_id: int, day: date, shift_template_id: int) -> str:
    return f"shift-{employee_id}-{_compact(day)}-{shift_template_id}@rota"


def line_uid(day: date, shift_template_id: int) -> str:
    return f"line-{_compact(day)}-{shift_template_id}@rota"


@lru_cache(maxsize=4096)
def _compact(day: date) -> str:
    """20260907: a plan has a few hundred days and a hundred thousand seats on them."""
    return f"{day:%Y%m%d}"


@dataclass(frozen=True)
class _Place:
    """What every event of one shift on one day shares (a first publish has a hundred
    thousand seats on a few thousand places)."""

    name: str
    tzid: str
    start_local: datetime
    end_local: datetime


def wanted_events(session: Session, turns: Sequence[Turn], rows: Sequence[Seat]) -> list[Wanted]:
    """Every event these turns and seats put in feeds: blocks, shifts and the line's slots.
    `rows` must hold whole weeks, so that a week's last shift and a slot's staff are known."""
    people = {t.employee_id for t in turns} | {r.employee_id for r in rows}
    people |= {r.mentor_id for r in rows if r.mentor_id}
    # Names and departments only: a first publish reads every employee, and their whole
    # records (six JSON columns each) were a tenth of its time.
    employees = {
        e.id: e
        for e in session.execute(
            sa_select(col(Employee.id), col(Employee.name), col(Employee.department_id)).where(
                col(Employee.id).in_(people)
            )
        ).all()
    }
    shifts = {s.id: s for s in session.exec(select(ShiftTemplate)).all()}
    places: dict[tuple[date, int], _Place] = {}
    for row in rows:
        key = (row.day, row.shift_template_id)
        if key not in places:
            shift = shifts[row.shift_template_id]
            places[key] = _Place(
                shift.name,
                shift.timezone,
                datetime.combine(row.day, shift.start_time),
                datetime.combine(row.day, shift.end_time),
            )
    base = get_settings().base_url.rstrip("/")
    wanted = [_block(turn, employees[turn.employee_id], base) for turn in turns]
    wanted += _seat_events(session, turns, rows, employees, places, base)
    wanted += _line_events(rows, employees, places)
    return wanted


def _block(turn: Turn, person: Any, base: str) -> Wanted:
    span = (
        f"week {turn.block} of {turn.turn_weeks}"
        if turn.turn_weeks > 1
        else ("the week" if turn.days >= 5 else f"{turn.days} day{'s' if turn.days > 1 else ''}")
    )
    text = [f"You are on the customer support line for {span} ({turn.days} days)."]
    if turn.with_mentor:
        text.append("A mentor sits beside you on every shift.")
    text.append(_links(base, turn))
    return Wanted(
        uid=turn.uid,
        kind="block",
        employee_id=person.id,
        department_id=person.department_id,
        turn_id=turn.id,
        all_day=True,
        first_day=turn.week_start,
        last_day=turn.week_start + timedelta(days=4),
        start_local=None,
        end_local=None,
        tzid=None,
        summary=f"Support rotation — {span}",
        description="\n\n".join(text),
        transparent=True,
    )


def _seat_events(
    session: Session,
    turns: Sequence[Turn],
    rows: Sequence[Seat],
    employees: dict[int, Any],
    places: dict[tuple[date, int], _Place],
    base: str,
) -> list[Wanted]:
    channels = {c.name: c for c in session.exec(select(Channel)).all()}
    tool = get_settings().support_tool_url
    by_turn_week: dict[tuple[int, date], Turn] = {(t.employee_id, t.week_start): t for t in turns}
    links = {key: _links(base, turn) for key, turn in by_turn_week.items()}
    no_turn = _links(base, None)
    mondays = {day: clock.monday(day) for day in {row.day for row in rows}}
    mentees_of: dict[tuple[int, date, int], list[int]] = defaultdict(list)
    last_day_of_week: dict[tuple[int, date], date] = {}
    for row in rows:
        if row.mentor_id:
            mentees_of[(row.mentor_id, row.day, row.shift_template_id)].append(row.employee_id)
        key = (row.employee_id, mondays[row.day])
        last_day_of_week[key] = max(last_day_of_week.get(key, row.day), row.day)
    wanted: list[Wanted] = []
    for row in rows:
        person = employees[row.employee_id]
        place = places[(row.day, row.shift_template_id)]
        week = (row.employee_id, mondays[row.day])
        week_turn = by_turn_week.get(week)
        text = [f"{row.channel.title()} on the {place.name.lower()} shift."]
        channel = channels.get(row.channel)
        if channel is not None and channel.description:
            text.append(channel.description)
        if row.mentor_id:
            text.append(f"Your mentor: {employees[row.mentor_id].name}.")
        mentees = mentees_of.get((row.employee_id, row.day, row.shift_template_id))
        if mentees:
            text.append("You mentor: " + ", ".join(employees[m].name for m in mentees) + ".")
        if tool:
            text.append(f"Where to log in: {tool}")
        if (
            week_turn is not None
            and last_day_of_week.get(week) == row.day
            and week_turn.block == week_turn.turn_weeks
        ):
            text.append("Last shift of this rotation: please log what you learned.")
        text.append(links[week] if week_turn is not None else no_turn)
        wanted.append(
            Wanted(
                uid=shift_uid(row.employee_id, row.day, row.shift_template_id),
                kind="shift",
                employee_id=person.id,
                department_id=person.department_id,
                turn_id=week_turn.id if week_turn else None,
                all_day=False,
                first_day=row.day,
                last_day=row.day,
                start_local=place.start_local,
                end_local=place.end_local,
                tzid=place.tzid,
                summary=f"Support: {row.channel} — {place.name}",
                description="\n".join(text),
                transparent=False,
            )
        )
    return wanted


def _line_events(
    rows: Sequence[Seat], employees: dict[int, Any], places: dict[tuple[date, int], _Place]
) -> list[Wanted]:
    by_slot: dict[tuple[date, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_slot[(row.day, row.shift_template_id)][row.channel].append(
            employees[row.employee_id].name
        )
    wanted: list[Wanted] = []
    for (day, shift_id), staff in by_slot.items():
        place = places[(day, shift_id)]
        count = sum(len(v) for v in staff.values())
        wanted.append(
            Wanted(
                uid=line_uid(day, shift_id),
                kind="line",
                employee_id=None,
                department_id=None,
                turn_id=None,
                all_day=False,
                first_day=day,
                last_day=day,
                start_local=place.start_local,
                end_local=place.end_local,
                tzid=place.tzid,
                summary=f"{place.name} line: {count} people",
                description="\n".join(
                    f"{c}: {', '.join(sorted(n))}" for c, n in sorted(staff.items())
                ),
                transparent=True,
            )
        )
    return wanted
