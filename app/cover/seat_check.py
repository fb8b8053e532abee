"""The line's seat rules for colleagues who would take someone's seats: the solver's own
checks (`Availability.seats` for hours, working week, holidays and absences;
`seat_violations` for overlaps, the day limit and maximums), a skill the owner brings to the
slot, and mentoring where the owner mentors. People who share working hours, week and
holiday calendar share the answer about hours, so a whole group is ruled out at once."""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Text, cast, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app import clock
from app.people.models import Employee
from app.schedules import store
from app.schedules.models import ScheduleShift
from app.schedules.problem import build_problem
from solver.availability import Availability
from solver.check import seat_violations
from solver.model import Person, Problem

HOURS = "outside their hours, working week or holidays, or away then"


@dataclass(frozen=True)
class Seat:
    day: date
    shift_id: int
    channel: str


@dataclass(frozen=True)
class Wanted:
    """What is to be covered: `owner`'s seats (some or all of their turn's) in one week."""

    schedule_id: int
    owner: int
    week_start: date
    seats: tuple[Seat, ...]
    whole_turn: bool
    mentoring: frozenset[tuple[date, int]] = frozenset()  # slots where the owner mentors


class SeatCheck:
    def __init__(self, session: Session, wanted: Wanted) -> None:
        self.session = session
        self.wanted = wanted
        self.staffed = self._staffed()

    def outside_hours(self, employee_ids: list[int]) -> set[int]:
        """People whose hours, working week or holidays can never sit every wanted seat,
        judged once per group that shares them (absences are looked at per person later)."""
        groups: dict[str, list[int]] = defaultdict(list)
        columns = (
            col(Employee.id),
            col(Employee.timezone),
            col(Employee.work_start),
            col(Employee.work_end),
            cast(col(Employee.workdays), Text),  # compared as written, never parsed
            cast(col(Employee.day_hours), Text),
            col(Employee.holiday_country),
            col(Employee.holiday_subdivision),
        )
        for start in range(0, len(employee_ids), 2000):
            chunk = employee_ids[start : start + 2000]
            query = sa_select(*columns).where(col(Employee.id).in_(chunk))
            for row in self.session.execute(query):
                groups["|".join(str(v) for v in row[1:])].append(row[0])
        if not groups:
            return set()
        firsts = [members[0] for members in groups.values()]
        problem, avail, people = self._read(firsts)
        outside: set[int] = set()
        for members in groups.values():
            person = people.get(members[0])
            if person is None:
                continue
            plain = replace(
                person,
                days_off=frozenset(),
                hours_off=(),
                exempt_until=None,
                last_day=None,
                hire_date=self.wanted.week_start - timedelta(days=366),
            )
            free = {(day, shift_id) for day, shift_id, _ in avail.seats(plain, 0)}
            if any((s.day, s.shift_id) not in free for s in self.wanted.seats):
                outside.update(members)
        return outside

    def people(self, employee_ids: list[int]) -> dict[int, str | None]:
        """Each person against every wanted seat: None when all fit, else the first rule
        broken."""
        if not employee_ids:
            return {}
        problem, avail, people = self._read([*employee_ids, self.wanted.owner])
        shifts = {s.id: s for s in problem.shifts}
        owner = people.get(self.wanted.owner)
        around = self._seated_around(employee_ids)
        result: dict[int, str | None] = {}
        for employee_id in employee_ids:
            person = people.get(employee_id)
            if person is None:
                result[employee_id] = "not active"
                continue
            free = {(day, shift_id) for day, shift_id, _ in avail.seats(person, 0)}
            result[employee_id] = self._first_broken(
                problem, person, owner, free, shifts, around.get(employee_id, [])
            )
        return result

    def _first_broken(  # noqa: PLR0913 - one person against the wanted seats
        self,
        problem: Problem,
        person: Person,
        owner: Person | None,
        free: set[tuple[date, int]],
        shifts: dict,
        around: list[tuple[date, int]],
    ) -> str | None:
        for seat in self.wanted.seats:
            if (seat.day, seat.shift_id) not in free:
                return HOURS
            need = next(
                (
                    n
                    for n in problem.needs
                    if n.shift_id == seat.shift_id and n.channel == seat.channel
                ),
                None,
            )
            if (
                need is not None
                and need.skill
                and owner is not None
                and need.skill in owner.skills
                and need.skill not in person.skills
            ):
                return f"lacks the skill {need.skill}"
            mentoring = (seat.day, seat.shift_id) in self.wanted.mentoring
            if mentoring and seat.channel not in problem.mentors_on(person):
                return f"cannot mentor on {seat.channel} yet"
            others = [(s.day, s.shift_id) for s in self.wanted.seats if s != seat] + around
            broken = seat_violations(
                problem,
                person,
                seat.day,
                shifts[seat.shift_id],
                seat.channel,
                others,
                self.staffed[seat] - 1,
            )
            if broken:
                return broken[0].rule
        return None

    def _read(self, employee_ids: list[int]) -> tuple[Problem, Availability, dict[int, Person]]:
        problem = build_problem(
            session=self.session, start=self.wanted.week_start, weeks=1, people=employee_ids
        )
        return problem, Availability(problem), {p.id: p for p in problem.people}

    def _seated_around(self, employee_ids: list[int]) -> dict[int, list[tuple[date, int]]]:
        """Each person's own seats a day either side of the wanted ones (overnight overlaps)."""
        days = [s.day for s in self.wanted.seats]
        found: dict[int, list[tuple[date, int]]] = {}
        if not days:
            return found
        rows = self.session.execute(
            select(
                col(ScheduleShift.employee_id), col(ScheduleShift.day),
                col(ScheduleShift.shift_template_id),
            ).where(
                ScheduleShift.schedule_id == self.wanted.schedule_id,
                col(ScheduleShift.employee_id).in_(employee_ids),
                col(ScheduleShift.day) >= min(days) - timedelta(days=1),
                col(ScheduleShift.day) <= max(days) + timedelta(days=1),
            )
        )  # fmt: skip
        for employee_id, day, shift_id in rows:
            found.setdefault(employee_id, []).append((day, shift_id))
        return found

    def _staffed(self) -> Counter[Seat]:
        """People in each wanted slot now (counted in the database)."""
        days = {s.day for s in self.wanted.seats}
        if not days:
            return Counter()
        rows = self.session.execute(
            select(
                col(ScheduleShift.day),
                col(ScheduleShift.shift_template_id),
                col(ScheduleShift.channel),
                func.count(),
            )
            .where(
                ScheduleShift.schedule_id == self.wanted.schedule_id,
                col(ScheduleShift.day).in_(days),
            )
            .group_by(
                col(ScheduleShift.day),
                col(ScheduleShift.shift_template_id),
                col(ScheduleShift.channel),
            )
        )
        staffed = Counter({Seat(day, shift, channel): n for day, shift, channel, n in rows})
        # New hires beside a mentor come on top of coverage: not counted.
        on_top = store.mentee_weeks(self.session, self.wanted.schedule_id, min(days), max(days))
        if on_top:
            for row in self.session.exec(
                select(ScheduleShift).where(
                    ScheduleShift.schedule_id == self.wanted.schedule_id,
                    col(ScheduleShift.day).in_(days),
                    col(ScheduleShift.employee_id).in_({e for e, _ in on_top}),
                )
            ).all():
                if (row.employee_id, clock.monday(row.day)) in on_top:
                    staffed[Seat(row.day, row.shift_template_id, row.channel)] -= 1
        return staffed
