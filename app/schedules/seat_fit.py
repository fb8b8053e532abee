"""Which of a person's days can carry a turn in a week, in the emptiest seats the hard rules
allow, and — for each working day that cannot — the reason, in words HR can act on."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from solver.availability import Availability
from solver.check import seat_violations
from solver.model import Person
from solver.timeline import day_off_reason

Seat = tuple[date, int, str]  # line day, shift id, channel

DAY_OFF = {
    "not_hired": "before they start",
    "exempt": "exempt from rotating",
    "weekend": "not a working day of theirs",
    "holiday": "a public holiday of theirs",
    "leave": "time off",
    "left": "after their last day here",
}
BLOCKED = {
    "coverage_max": "every shift they could take is already full",
    "overlap": "they already sit a shift at that time",
    "day_limit": "they already have the most shifts a day allows",
}


@dataclass
class Fit:
    seats: list[Seat] = field(default_factory=list)
    refused: dict[date, str] = field(default_factory=dict)  # own date → why it has no seat

    def reasons(self) -> str:
        return "; ".join(f"{d:%a %d %b} {why}" for d, why in sorted(self.refused.items()))


def fit_week(
    avail: Availability,
    person: Person,
    week: int,
    staffed: Counter[Seat],
    mine: list[tuple[date, int]],
    days: int,
) -> Fit:
    """Seats for `days` of the person's own dates, one a day, each in the slot furthest
    below its minimum; `staffed` and `mine` are the people already seated around the week."""
    problem = avail.problem
    staffed, mine = Counter(staffed), list(mine)
    by_date: dict[date, list[tuple[date, int]]] = defaultdict(list)
    for day, shift_id, local in avail.seats(person, week):
        by_date[local].append((day, shift_id))
    fit = Fit()
    for local in sorted(by_date):
        if len(fit.seats) == days:
            break
        options, blocked = [], []
        for day, shift_id in by_date[local]:
            for need in problem.needs:
                if need.shift_id != shift_id:
                    continue
                seat = (day, shift_id, need.channel)
                broken = seat_violations(
                    problem, person, day, avail.shifts[shift_id], need.channel, mine, staffed[seat]
                )
                if broken:
                    blocked.append(broken[0].rule)
                else:
                    options.append((staffed[seat] - need.min_people, seat))
        if not options:
            fit.refused[local] = next(
                (BLOCKED[r] for r in blocked if r in BLOCKED), "no shift they may take runs"
            )
            continue
        _, seat = min(options)
        staffed[seat] += 1
        mine.append(seat[:2])
        fit.seats.append(seat)
    if len(fit.seats) < days:
        _explain_missing_days(avail, person, week, by_date, fit)
    return fit


def _explain_missing_days(
    avail: Availability,
    person: Person,
    week: int,
    by_date: dict[date, list[tuple[date, int]]],
    fit: Fit,
) -> None:
    monday = avail.horizon.week_start(week)
    weekdays_run = {d for s in avail.problem.shifts for d in s.weekdays}
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if day in by_date or day in fit.refused or day.weekday() not in person.workdays:
            continue  # a weekend is no news
        off = day_off_reason(person, day)
        if off is not None:
            fit.refused[day] = DAY_OFF[off]
        elif day.weekday() in weekdays_run and not any(
            avail.problem.shift_runs(s, day) for s in avail.problem.shifts
        ):
            fit.refused[day] = "the line is closed (public holiday)"
        else:
            opens, closes = person.windows[day.weekday()] or (person.work_start, person.work_end)
            away = " outside the hours they are away" if person.hours_off else ""
            fit.refused[day] = (
                f"no shift falls inside their working hours{away} "
                f"({opens:%H:%M}–{closes:%H:%M} {person.timezone})"
            )
