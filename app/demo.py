"""A realistic demo company: ~200 people in 9 departments, new hires, time off, rules."""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlmodel import Session, select

from app import clock
from app.auth.models import Role, User, UserCreate
from app.auth.service import create_user, issue_token
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.db import saved_id
from app.demo_learnings import seed_learnings
from app.people.models import Department, Employee, TimeOff
from app.rules.models import RotationRule
from app.rules.service import get_rotation_settings, preset_rule
from app.schedules.models import Schedule
from app.schedules.planning import plan_now
from app.schedules.publishing import publish

FIRST = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kira",
    "Luis",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amara",
    "Bruno",
    "Carmen",
    "Dmitri",
    "Emil",
    "Fatima",
    "Gustav",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Paula",
    "Rafael",
    "Sofia",
    "Tomas",
    "Ulla",
    "Vera",
    "Will",
]
LAST = [
    "Abbott",
    "Becker",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Laurent",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Alvarez",
    "Brennan",
    "Costa",
    "Novak",
]

# name, headcount, cap, is_support, titles
DEPARTMENTS = (
    ("Support", 24, 0.0, True, ("Support Specialist", "Senior Support Specialist", "Support Lead")),
    ("Engineering", 52, 0.08, False, ("Software Engineer", "Senior Engineer", "Staff Engineer")),
    ("Product", 14, 0.15, False, ("Product Manager", "Senior Product Manager")),
    ("Design", 10, 0.2, False, ("Product Designer", "UX Researcher")),
    ("Marketing", 18, 0.12, False, ("Marketing Manager", "Content Writer", "Growth Analyst")),
    ("Sales", 30, 0.1, False, ("Account Executive", "Sales Engineer", "SDR")),
    ("Finance", 10, 0.2, False, ("Accountant", "Financial Analyst")),
    ("Fulfillment", 34, 0.1, False, ("Fulfillment Associate", "Logistics Coordinator")),
    ("Executive", 8, 0.5, False, ("CEO", "CTO", "CFO", "COO", "VP Sales", "VP Marketing")),
)
# People outside the line's country keep their own public holidays.
HOLIDAY_COUNTRY = {"Europe/Berlin": "DE", "Europe/London": "GB"}
TIMEZONES = (
    ("America/New_York", 0.5),
    ("America/Chicago", 0.15),
    ("America/Los_Angeles", 0.15),
    ("Europe/Berlin", 0.12),
    ("Europe/London", 0.08),
)
LANGUAGES = (("es", 0.12), ("de", 0.08), ("fr", 0.06))


@dataclass
class DemoLogins:
    admin_email: str
    admin_token: str
    hr_email: str
    hr_token: str
    employee_email: str
    employee_token: str
    password: str
    colleagues: list[str]  # more employee logins, so swaps have someone to take them


DEMO_PASSWORD = "rota-demo-2026"


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


def _work_hours(tz: str) -> tuple[time, time]:
    # Europeans who rotate onto a New York line shift their day later; the rest work 9–17 local.
    if tz.startswith("Europe/"):
        return time(12, 0), time(20, 0)
    if tz == "America/Los_Angeles":
        return time(6, 0), time(15, 0)
    return time(9, 0), time(17, 0)


def seed_demo(*, session: Session, today: date, seed: int = 7) -> DemoLogins:
    """Fill an empty database with the demo company; refuses to touch one that has people."""
    if session.exec(select(Employee)).first() is not None:
        raise ValueError("The database already has employees; the demo needs an empty one.")
    rng = random.Random(seed)
    used_names: set[str] = set()
    employees: list[Employee] = []
    for dept_name, headcount, cap, is_support, titles in DEPARTMENTS:
        dept = Department(name=dept_name, max_away_fraction=cap, is_support=is_support)
        session.add(dept)
        session.flush()
        for i in range(headcount):
            name = _unique_name(rng, used_names)
            tz = "America/New_York" if is_support else _pick(rng, TIMEZONES)
            start, end = _work_hours(tz)
            skills = [lang for lang, share in LANGUAGES if rng.random() < share]
            if is_support and i < 3:
                skills = sorted(set(skills) | {"de"})  # the line needs German speakers
            hire = today - timedelta(days=rng.randint(120, 3000))
            employee = Employee(
                name=name,
                email=name.lower().replace(" ", ".") + "@example.com",
                department_id=saved_id(dept),
                title=titles[i % len(titles)],
                hire_date=hire,
                is_executive=dept_name == "Executive",
                timezone=tz,
                work_start=start,
                work_end=end,
                skills=skills,
                holiday_country=HOLIDAY_COUNTRY.get(tz),
            )
            employees.append(employee)
            session.add(employee)
    session.flush()

    # Upcoming new hires spread over the next months, mostly into the big departments.
    by_name = {d.name: d for d in session.exec(select(Department)).all()}
    for k in range(14):
        dept = by_name[rng.choice(["Engineering", "Sales", "Fulfillment", "Marketing", "Product"])]
        name = _unique_name(rng, used_names)
        start_day = today + timedelta(days=7 + k * 9)
        new_hire = Employee(
            name=name,
            email=name.lower().replace(" ", ".") + "@example.com",
            department_id=saved_id(dept),
            title="New hire",
            hire_date=clock.monday(start_day),
            timezone="America/New_York",
        )
        employees.append(new_hire)
        session.add(new_hire)
    session.flush()

    # Time off: a vacation for about a third of the company, some of it long.
    for employee in rng.sample(employees, k=len(employees) // 3):
        first = today + timedelta(days=rng.randint(0, 300))
        session.add(
            TimeOff(
                employee_id=saved_id(employee),
                first_day=first,
                last_day=first + timedelta(days=rng.choice([2, 4, 6, 9, 13])),
                reason=rng.choice(
                    ["Vacation", "Vacation", "Family", "Conference", "Parental leave"]
                ),
            )
        )

    channels = {
        n: Channel(name=n, description=d)
        for n, d in (
            ("phone", "Inbound calls"),
            ("chat", "Website and in-app chat"),
            ("email", "Ticket queue"),
        )
    }
    session.add_all(channels.values())
    morning = ShiftTemplate(
        name="Morning",
        start_time=time(9),
        end_time=time(13),
        weekdays=[0, 1, 2, 3, 4],
        timezone="America/New_York",
    )
    afternoon = ShiftTemplate(
        name="Afternoon",
        start_time=time(13),
        end_time=time(17),
        weekdays=[0, 1, 2, 3, 4],
        timezone="America/New_York",
    )
    session.add_all([morning, afternoon])
    session.flush()
    for shift in (morning, afternoon):
        for channel, low, high, skill, skill_min in (
            ("phone", 4, 6, None, 0),
            ("chat", 3, 5, "de", 1),
            ("email", 2, 4, None, 0),
        ):
            session.add(
                CoverageNeed(
                    channel_id=saved_id(channels[channel]),
                    shift_template_id=saved_id(shift),
                    min_people=low,
                    max_people=high,
                    skill=skill,
                    skill_min=skill_min,
                )
            )
    for preset in ("onboarding_fortnight", "annual_support_week", "executive_day"):
        session.add(RotationRule(**preset_rule(preset).model_dump()))
    get_rotation_settings(session=session)

    admin = create_user(
        session=session,
        data=UserCreate(
            email="admin@example.com", name="Demo Admin", role=Role.admin, password=DEMO_PASSWORD
        ),
    )
    hr_person = next(e for e in employees if e.title == "Support Lead")
    hr = create_user(
        session=session,
        data=UserCreate(
            email="hr@example.com",
            name=f"{hr_person.name} (HR)",
            role=Role.hr,
            employee_id=hr_person.id,
            password=DEMO_PASSWORD,
        ),
    )
    worker = next(e for e in employees if e.title == "Software Engineer")
    employee_user = create_user(
        session=session,
        data=UserCreate(
            email=worker.email,
            name=worker.name,
            role=Role.employee,
            employee_id=worker.id,
            password=DEMO_PASSWORD,
        ),
    )
    colleagues = []
    for title in ("Product Manager", "Account Executive", "Product Designer", "Accountant"):
        person = next(e for e in employees if e.title == title)
        create_user(
            session=session,
            data=UserCreate(
                email=person.email,
                name=person.name,
                role=Role.employee,
                employee_id=person.id,
                password=DEMO_PASSWORD,
            ),
        )
        colleagues.append(person.email)
    seed_learnings(session, today)
    session.flush()
    return DemoLogins(
        admin_email=admin.email,
        admin_token=issue_token(session=session, user=admin, name="demo").token,
        hr_email=hr.email,
        hr_token=issue_token(session=session, user=hr, name="demo").token,
        employee_email=employee_user.email,
        employee_token=issue_token(session=session, user=employee_user, name="demo").token,
        password=DEMO_PASSWORD,
        colleagues=colleagues,
    )


def schedule_demo(*, session: Session, start: date, weeks: int) -> Schedule:
    """Plan and publish the demo company's next weeks, so every page has something to show."""
    schedule = plan_now(session=session, start=start, weeks=weeks, time_limit_s=60)
    admin = session.exec(select(User).where(User.role == Role.admin.value)).first()
    assert admin is not None
    return publish(session=session, schedule_id=saved_id(schedule), actor=admin)


def rotation_history(*, session: Session, today: date, weeks: int = 52) -> Schedule:
    """The year of rotations the demo company has already done, up to this week: planned by
    the solver and published, so people's pages, fairness and the next plan's due dates start
    from a true past instead of from nothing."""
    start = clock.next_monday(today) - timedelta(weeks=weeks)
    return schedule_demo(session=session, start=start, weeks=weeks)
