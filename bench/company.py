"""A synthetic company for benchmarks: feasible by construction at the default settings."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_calendars

from solver.model import (
    EVERYONE,
    EXECUTIVES,
    NEW_HIRES,
    CoverageNeed,
    Department,
    History,
    Horizon,
    Person,
    Problem,
    Rule,
    Settings,
    Shift,
)

SHARES = (
    ("Engineering", 0.32, 0.10),
    ("Sales", 0.16, 0.10),
    ("Fulfillment", 0.16, 0.10),
    ("Marketing", 0.10, 0.12),
    ("Product", 0.08, 0.12),
    ("Design", 0.05, 0.15),
    ("Finance", 0.05, 0.15),
)
ZONES = (
    ("America/New_York", 0.6, time(9), time(17)),
    ("America/Chicago", 0.2, time(8), time(17)),
    ("America/Los_Angeles", 0.1, time(6), time(15)),
    ("Europe/Berlin", 0.1, time(12), time(20)),
)

ONBOARDING = Rule(
    1,
    "Onboarding fortnight",
    NEW_HIRES,
    days_per_turn=5,
    turn_weeks=2,
    start_within_weeks=4,
    with_mentor=True,
)
ANNUAL = Rule(
    2, "Annual support week", EVERYONE, days_per_turn=5, cycle_weeks=52, cooldown_weeks=26
)
EXEC_DAY = Rule(3, "Executive day", EXECUTIVES, days_per_turn=1, cycle_weeks=4, cooldown_weeks=2)


def next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _departments(employees: int, support_n: int, exec_n: int) -> tuple[list[Department], list[int]]:
    """Support, the SHARES departments and executives; the rest are engineers."""
    departments = [Department(1, "Support", 0.0, True)]
    sizes = [support_n]
    for i, (name, share, cap) in enumerate(SHARES, start=2):
        departments.append(Department(i, name, cap))
        sizes.append(max(2, round(employees * share)))
    departments.append(Department(len(departments) + 1, "Executive", 0.5))
    sizes.append(exec_n)
    sizes[1] += max(0, employees - sum(sizes))
    return departments, sizes


def _hire_and_past(
    rng: random.Random,
    pid: int,
    dept: Department,
    new_hire: bool,
    start: date,
    weeks: int,
    history: list[History],
) -> tuple[date, frozenset[str]]:
    """A hire date (new hires start inside the horizon); most others rotated in the past year
    (history), and some learned the phone line then."""
    hired = start - timedelta(days=rng.randint(200, 3000))
    if new_hire:
        hired = start + timedelta(weeks=rng.randrange(max(1, weeks - 6)))
    experienced = frozenset({"phone", "chat", "email"}) if dept.is_support else frozenset()
    if not dept.is_support and hired < start and rng.random() < 0.6:
        history.append(History(pid, start - timedelta(weeks=rng.randint(1, 51)), ANNUAL.id))
        if rng.random() < 0.3:
            experienced = frozenset({"phone"})
    return hired, experienced


def synthetic_company(
    employees: int, weeks: int, seed: int = 1, start: date = date(2027, 1, 4)
) -> Problem:
    rng = random.Random(seed)
    horizon = Horizon(start, weeks)
    support_n = max(4, round(employees * 0.03))
    exec_n = max(3, round(employees * 0.01))
    departments, sizes = _departments(employees, support_n, exec_n)

    people: list[Person] = []
    history: list[History] = []
    new_hires = max(1, round(employees * 0.04))
    pid = 0
    for dept, size in zip(departments, sizes, strict=True):
        for _ in range(size):
            pid += 1
            zone, _, start_t, end_t = rng.choices(ZONES, weights=[z[1] for z in ZONES])[0]
            if dept.is_support:
                zone, start_t, end_t = "America/New_York", time(9), time(17)
            skills = frozenset(
                k for k, share in (("de", 0.08), ("es", 0.1)) if rng.random() < share
            )
            if dept.is_support and pid % 6 == 1:
                skills |= {"de"}
            days_off: set[date] = set()
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                first = start + timedelta(days=rng.randrange(weeks * 7))
                days_off.update(first + timedelta(days=k) for k in range(rng.randint(3, 10)))
            new_hire = not dept.is_support and pid % max(1, employees // new_hires) == 0
            hired, experienced = _hire_and_past(rng, pid, dept, new_hire, start, weeks, history)
            people.append(
                Person(
                    id=pid,
                    name=f"Person {pid}",
                    department_id=dept.id,
                    hire_date=hired,
                    is_executive=dept.name == "Executive",
                    timezone=zone,
                    work_start=start_t,
                    work_end=end_t,
                    skills=skills,
                    days_off=frozenset(days_off),
                    experienced_channels=experienced,
                )
            )

    shifts = (
        Shift(1, "Morning", time(9), time(13), (0, 1, 2, 3, 4), "America/New_York"),
        Shift(2, "Afternoon", time(13), time(17), (0, 1, 2, 3, 4), "America/New_York"),
    )
    rotators_per_week = (employees - support_n) / 52
    per_slot = round((support_n * 5 * 0.9 + 0.6 * rotators_per_week * 5) / 10)
    phone, chat = round(per_slot * 0.45), round(per_slot * 0.33)
    email = max(1, per_slot - phone - chat)
    needs = tuple(
        CoverageNeed(
            channel,
            shift.id,
            low,
            low + max(2, low // 2) + 2,
            "de" if channel == "chat" else None,
            1 if channel == "chat" else 0,
        )
        for shift in shifts
        for channel, low in (("phone", phone), ("chat", chat), ("email", email))
    )
    years = range(start.year, (horizon.end + timedelta(days=7)).year + 1)
    us = holiday_calendars.country_holidays("US", years=list(years))
    return Problem(
        horizon=horizon,
        departments=tuple(departments),
        people=tuple(people),
        shifts=shifts,
        needs=needs,
        rules=(ONBOARDING, ANNUAL, EXEC_DAY),
        settings=Settings(holidays=frozenset(d for d in us if start <= d < horizon.end)),
        history=tuple(history),
    )


# A company across three continents: shifts in three zones, staff in seven (one in the southern
# hemisphere), two shifts a day allowed, a rare language, leave that clusters in the summer and
# at the year's end, new hires and executives, and a year that spans both clock changes.
GLOBAL_ZONES = (
    # zone, share, working hours, holiday country (subdivision)
    ("America/New_York", 0.30, time(9), time(17), "US", None),
    ("America/Chicago", 0.12, time(8), time(17), "US", None),
    ("America/Los_Angeles", 0.13, time(7), time(16), "US", None),
    ("Europe/Berlin", 0.17, time(10), time(19), "DE", "BE"),
    ("Europe/London", 0.13, time(9), time(18), "GB", None),
    ("Europe/Helsinki", 0.05, time(9), time(17), "FI", None),
    ("Australia/Sydney", 0.10, time(8), time(17), "AU", "NSW"),
)
GLOBAL_SUPPORT = (
    ("America/New_York", time(9), time(18), "US", None),
    ("Europe/Berlin", time(8), time(17), "DE", "BE"),
    ("Australia/Sydney", time(8), time(17), "AU", "NSW"),
    ("America/Los_Angeles", time(9), time(19), "US", None),
)
GLOBAL_SHIFTS = (
    Shift(1, "EU Morning", time(8), time(12), (0, 1, 2, 3, 4), "Europe/Berlin"),
    Shift(2, "EU Midday", time(11), time(15), (0, 1, 2, 3, 4), "Europe/Berlin"),
    Shift(3, "US Morning", time(9), time(13), (0, 1, 2, 3, 4), "America/New_York"),
    Shift(4, "US Afternoon", time(13), time(17), (0, 1, 2, 3, 4), "America/New_York"),
    Shift(5, "US Evening", time(15), time(19), (0, 1, 2, 3, 4), "America/Los_Angeles"),
    Shift(6, "EU Saturday", time(10), time(16), (5,), "Europe/Berlin"),
)
# Every fourth of the support team works Thursday to Sunday, Saturdays 10:00–18:00 Berlin.
WEEKEND_WEEK = frozenset({3, 4, 5, 6})
WEEKEND_HOURS = ((5, time(10), time(18)), (6, time(10), time(16)))


def _hours_off(rng: random.Random, zone: str, start: date, weeks: int) -> tuple:
    """One in ten people has an appointment: two hours away on one weekday morning."""
    if rng.random() >= 0.1:
        return ()
    day = start + timedelta(weeks=rng.randrange(weeks), days=rng.randrange(5))
    begin = datetime.combine(day, time(rng.choice((9, 10, 11))), ZoneInfo(zone))
    return ((begin.astimezone(UTC), (begin + timedelta(hours=2)).astimezone(UTC)),)


def _own_holidays(country: str, subdivision: str | None, years: list[int]) -> frozenset[date]:
    return frozenset(holiday_calendars.country_holidays(country, subdiv=subdivision, years=years))


def _clustered_leave(rng: random.Random, zone: str, start: date, weeks: int) -> set[date]:
    """Summer weeks (longer in Europe), the year's end for many, and a few short breaks."""
    days: set[date] = set()
    summer = date(start.year, 7, 1) if not zone.startswith("Australia") else date(start.year, 1, 4)
    length = 14 if zone.startswith("Europe") else 7
    first = summer + timedelta(days=rng.randrange(0, 50))
    days.update(first + timedelta(days=k) for k in range(length))
    if rng.random() < 0.5:
        days.update(date(start.year, 12, 21) + timedelta(days=k) for k in range(12))
    for _ in range(rng.choice((0, 1, 2))):
        begin = start + timedelta(days=rng.randrange(weeks * 7))
        days.update(begin + timedelta(days=k) for k in range(rng.randint(2, 5)))
    if zone.startswith("Australia") and rng.random() < 0.5:
        # A regular midweek break: Tuesday and Wednesday off in one month.
        month = start + timedelta(weeks=rng.randrange(max(1, weeks - 4)))
        monday = month - timedelta(days=month.weekday())
        for week in range(4):
            days.update(monday + timedelta(weeks=week, days=k) for k in (1, 2))
    return {d for d in days if start <= d < start + timedelta(weeks=weeks)}


def global_company(
    employees: int, weeks: int, seed: int = 1, start: date = date(2027, 1, 4)
) -> Problem:
    rng = random.Random(seed)
    horizon = Horizon(start, weeks)
    years = list(range(start.year - 1, horizon.end.year + 2))
    holidays = {
        (country, sub): _own_holidays(country, sub, years)
        for _, _, _, _, country, sub in GLOBAL_ZONES
    }
    support_n = max(8, round(employees * 0.04))
    exec_n = max(3, round(employees * 0.02))
    departments, sizes = _departments(employees, support_n, exec_n)
    finnish_left = 4
    people: list[Person] = []
    history: list[History] = []
    new_hires = max(2, round(employees * 0.05))
    pid = 0
    for dept, size in zip(departments, sizes, strict=True):
        for k in range(size):
            pid += 1
            workdays, day_hours, avoided = frozenset(range(5)), (), ()
            if dept.is_support:
                zone, start_t, end_t, country, sub = GLOBAL_SUPPORT[k % len(GLOBAL_SUPPORT)]
                if zone == "Europe/Berlin" and k % 8 == 1:
                    workdays, day_hours = WEEKEND_WEEK, WEEKEND_HOURS
                elif k % 4 == 2:  # would rather not open the line: their first two hours
                    late = (datetime.combine(start, start_t) + timedelta(hours=2)).time()
                    avoided = tuple((d, start_t, late) for d in sorted(workdays))
            else:
                row = rng.choices(GLOBAL_ZONES, weights=[z[1] for z in GLOBAL_ZONES])[0]
                zone, _, start_t, end_t, country, sub = row
            skills = {s for s, share in (("de", 0.1), ("es", 0.1)) if rng.random() < share}
            if zone == "Europe/Berlin":
                skills.add("de")
            if zone == "Europe/Helsinki" and finnish_left and not dept.is_support:
                skills.add("fi")
                finnish_left -= 1
            new_hire = not dept.is_support and pid % max(1, employees // new_hires) == 0
            hired, experienced = _hire_and_past(rng, pid, dept, new_hire, start, weeks, history)
            people.append(
                Person(
                    id=pid,
                    name=f"Person {pid}",
                    department_id=dept.id,
                    hire_date=hired,
                    is_executive=dept.name == "Executive",
                    timezone=zone,
                    work_start=start_t,
                    work_end=end_t,
                    skills=frozenset(skills),
                    days_off=frozenset(_clustered_leave(rng, zone, start, weeks)),
                    holidays=holidays.get((country, sub)) or _own_holidays(country, sub, years),
                    experienced_channels=experienced,
                    workdays=workdays,
                    day_hours=day_hours,
                    avoided_hours=avoided,
                    hours_off=_hours_off(rng, zone, start, weeks),
                )
            )
    # About what the support team and a year's rotators can staff: busier at EU midday and
    # the US afternoon; a Finnish speaker on EU chat, a Spanish speaker on US chat.
    scale = employees / 300
    needs = []
    for shift in GLOBAL_SHIFTS:
        if shift.name == "EU Saturday":
            needs.append(CoverageNeed("phone", shift.id, 1, 2))
            continue
        busy = shift.name in ("EU Midday", "US Afternoon")
        for channel, low in (("phone", 2 if busy else 1), ("email", 1), ("chat", 1)):
            least = max(1, round(low * scale))
            skill = None
            if channel == "chat":
                skill = "fi" if shift.name == "EU Midday" else "es" if "US" in shift.name else None
            needs.append(
                CoverageNeed(channel, shift.id, least, 2 * least + 2, skill, 1 if skill else 0)
            )
    return Problem(
        horizon=horizon,
        departments=tuple(departments),
        people=tuple(people),
        shifts=GLOBAL_SHIFTS,
        needs=tuple(needs),
        rules=(ONBOARDING, ANNUAL, EXEC_DAY),
        settings=Settings(max_shifts_per_day=2),
        history=tuple(history),
    )
