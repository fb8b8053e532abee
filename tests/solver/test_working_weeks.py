"""Working weeks as companies have them: weekend staff and part-timers, hours that differ by
weekday and run past midnight, a line that runs past midnight, part-day absences and a known
last day. Fixed cases pin each rule; random companies check that plans keep all of them,
judged by a wall-clock reading written here, apart from the solver's time model."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from solver import ProblemError, solve
from solver.check import avoidable_gaps, hard_violations
from solver.model import (
    EVERYONE,
    CoverageNeed,
    Department,
    Horizon,
    Person,
    Plan,
    Problem,
    Rule,
    Settings,
    Shift,
)
from solver.timeline import seat_interval, seat_refusal

MONDAY = date(2027, 3, 8)  # the US clock change is that Sunday; the EU's three weeks later
SATURDAY = Shift(1, "Saturday", time(10), time(16), (5,), "Europe/Berlin")
NIGHT = Shift(2, "Night", time(22), time(3), (0, 1, 2, 3, 4, 5, 6), "Europe/Berlin")
DAY = Shift(3, "Day", time(9), time(13), (0, 1, 2, 3, 4), "Europe/Berlin")


def _person(pid: int, **kw: object) -> Person:
    values: dict = {
        "id": pid,
        "name": f"P{pid}",
        "department_id": 1,
        "hire_date": date(2020, 1, 1),
        "timezone": "Europe/Berlin",
    }
    return Person(**(values | kw))


def test_weekend_staff_take_the_saturday_shift_and_weekday_staff_do_not() -> None:
    weekend = _person(1, workdays=frozenset({3, 4, 5, 6}), work_start=time(9), work_end=time(17))
    weekday = _person(2)
    saturday = MONDAY + timedelta(days=5)
    assert seat_refusal(weekend, saturday, SATURDAY) is None
    assert seat_refusal(weekday, saturday, SATURDAY) == "hours"  # no working hours that day


def test_hours_that_differ_by_weekday_and_run_past_midnight() -> None:
    nights = _person(
        1,
        workdays=frozenset(range(7)),
        day_hours=((6, time(21), time(4)), (0, time(22), time(3))),
        work_start=time(8),
        work_end=time(16),
    )
    sunday = MONDAY + timedelta(days=6)
    tuesday = MONDAY + timedelta(days=1)
    assert seat_refusal(nights, sunday, NIGHT) is None  # Sunday 21:00–04:00 holds 22:00–03:00
    assert seat_refusal(nights, MONDAY, NIGHT) is None  # Monday 22:00–03:00, exactly
    assert seat_refusal(nights, tuesday, NIGHT) == "hours"  # Tuesday keeps 08:00–16:00
    assert seat_refusal(nights, tuesday, DAY) is None


def test_part_day_absence_and_last_day() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    tuesday = MONDAY + timedelta(days=1)
    doctor = (
        datetime.combine(tuesday, time(11), berlin).astimezone(UTC),
        datetime.combine(tuesday, time(12), berlin).astimezone(UTC),
    )
    person = _person(1, hours_off=(doctor,), last_day=MONDAY + timedelta(days=2))
    assert seat_refusal(person, MONDAY, DAY) is None
    assert seat_refusal(person, tuesday, DAY) == "hours_off"  # 09:00–13:00 meets 11:00–12:00
    assert seat_refusal(person, MONDAY + timedelta(days=2), DAY) is None
    assert seat_refusal(person, MONDAY + timedelta(days=3), DAY) == "left"


def _own_date(person: Person, day: date, shift: Shift) -> date | None:
    """Independent reading: the seat in the person's wall clock, inside the hours of the day
    it starts on, or of the day before when those run past midnight."""
    zone = ZoneInfo(person.timezone)
    start_utc, end_utc = seat_interval(day, shift)
    start = start_utc.astimezone(zone).replace(tzinfo=None)
    end = end_utc.astimezone(zone).replace(tzinfo=None)
    hours = {d: (s, e) for d, s, e in person.day_hours}
    for own in (start.date(), start.date() - timedelta(days=1)):
        if own.weekday() not in person.workdays:
            continue
        opens, closes = hours.get(own.weekday(), (person.work_start, person.work_end))
        close_day = own + timedelta(days=1) if closes <= opens else own
        if datetime.combine(own, opens) <= start and end <= datetime.combine(close_day, closes):
            return own
    return None


def _seats_fit(problem: Problem, plan: Plan) -> None:
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    for seat in plan.assignments:
        person, shift = people[seat.person_id], shifts[seat.shift_id]
        own = _own_date(person, seat.day, shift)
        assert own is not None, (person.name, seat)
        assert own not in person.days_off and own not in person.holidays
        assert person.last_day is None or own <= person.last_day
        interval = seat_interval(seat.day, shift)
        assert not any(a < interval[1] and interval[0] < b for a, b in person.hours_off)


WEEKS = [
    frozenset(range(5)),  # Monday to Friday
    frozenset({6, 0, 1, 2, 3}),  # Sunday to Thursday
    frozenset({3, 4, 5, 6}),  # weekend staff
    frozenset({0, 2}),  # part-time
    frozenset(range(7)),
]
HOURS = [(time(9), time(17)), (time(8), time(20)), (time(20), time(4)), (time(14), time(23))]
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Dubai", "Australia/Sydney"]


@st.composite
def companies(draw: st.DrawFn) -> Problem:
    weeks = draw(st.integers(2, 4))
    people = []
    for i in range(draw(st.integers(4, 14))):
        zone = draw(st.sampled_from(ZONES))
        start, end = draw(st.sampled_from(HOURS))
        workdays = draw(st.sampled_from(WEEKS))
        own = draw(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(HOURS)), max_size=2))
        day = MONDAY + timedelta(days=draw(st.integers(0, weeks * 7 - 1)))
        off_from = draw(st.sampled_from([None, time(9), time(12), time(22)]))
        hours_off = ()
        if off_from is not None:
            zone_info = ZoneInfo(zone)
            begin = datetime.combine(day, off_from, zone_info)
            hours_off = ((begin.astimezone(UTC), (begin + timedelta(hours=2)).astimezone(UTC)),)
        leaving = draw(st.sampled_from([None, MONDAY + timedelta(days=draw(st.integers(3, 20)))]))
        support = i < 3
        people.append(
            Person(
                id=i + 1,
                name=f"P{i + 1}",
                department_id=1 if support else 2,
                hire_date=date(2020, 1, 1),
                timezone=zone,
                work_start=start,
                work_end=end,
                workdays=workdays,
                day_hours=tuple((d, s, e) for d, (s, e) in dict(own).items()),
                hours_off=hours_off,
                last_day=leaving,
                experienced_channels=frozenset({"phone"}) if support else frozenset(),
            )
        )
    shifts = [DAY] + [s for s in (SATURDAY, NIGHT) if draw(st.booleans())]
    needs = [CoverageNeed("phone", s.id, draw(st.integers(0, 2)), 3) for s in shifts]
    return Problem(
        horizon=Horizon(MONDAY, weeks),
        departments=(Department(1, "Support", 0.0, True), Department(2, "Sales", 0.5)),
        people=tuple(people),
        shifts=tuple(shifts),
        needs=tuple(needs),
        rules=(Rule(1, "Week", EVERYONE, days_per_turn=draw(st.integers(1, 3)), cycle_weeks=2),),
        settings=Settings(max_shifts_per_day=1),
    )


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(companies())
def test_plans_keep_working_weeks_hours_and_absences(problem: Problem) -> None:
    try:
        plan = solve(problem, time_limit_s=10, workers=1, seed=5)
    except ProblemError as error:
        if not all("lies outside every person's working hours" in p for p in error.problems):
            raise
        assume(False)
        return
    assert hard_violations(problem, plan) == []
    _seats_fit(problem, plan)
    assert avoidable_gaps(problem, plan) == []
    assert all(g.causes for g in plan.gaps if g.kind in ("coverage", "skill", "days"))


def test_a_shift_follows_its_own_calendar_or_the_lines() -> None:
    thanksgiving, unity_day = date(2027, 11, 25), date(2027, 10, 4)
    berlin = Shift(4, "Berlin", time(9), time(13), (0, 1, 2, 3, 4), "Europe/Berlin")
    own = Shift(
        5,
        "Berlin own",
        time(9),
        time(13),
        (0, 1, 2, 3, 4),
        "Europe/Berlin",
        holidays=frozenset({unity_day}),
    )
    always = Shift(
        6, "Open", time(9), time(13), (0, 1, 2, 3, 4), "Europe/Berlin", holidays=frozenset()
    )
    problem = Problem(
        horizon=Horizon(date(2027, 9, 27), 10),
        departments=(),
        people=(),
        shifts=(berlin, own, always),
        needs=(),
        rules=(),
        settings=Settings(holidays=frozenset({thanksgiving})),
    )
    assert not problem.shift_runs(berlin, thanksgiving)  # the line's calendar
    assert problem.shift_runs(berlin, unity_day)
    assert problem.shift_runs(own, thanksgiving) and not problem.shift_runs(own, unity_day)
    assert problem.shift_runs(always, thanksgiving) and problem.shift_runs(always, unity_day)
