"""Loads bench/company.py's synthetic company into a Rota database (shared by benchmarks)."""

from datetime import date, timedelta

from sqlmodel import Session

from app import clock
from app.auth.models import Role, User
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.db import make_engine
from app.migrate import upgrade
from app.people.models import Department, Employee, TimeOff
from app.rules.models import RotationRule, RotationSettings
from app.rules.service import preset_rule
from bench.company import synthetic_company


def load(url: str, employees: int, weeks: int):  # type: ignore[no-untyped-def]
    """The company, its needs and rules, and an admin; returns (engine, problem, admin)."""
    engine = make_engine(url)
    upgrade(engine, url)
    problem = synthetic_company(employees, weeks, seed=1, start=clock.next_monday(clock.today()))
    with Session(engine, expire_on_commit=False) as session:
        for d in problem.departments:
            session.add(
                Department(
                    id=d.id,
                    name=d.name,
                    max_away_fraction=d.max_away_fraction,
                    is_support=d.is_support,
                )
            )
        session.flush()
        for p in problem.people:
            session.add(
                Employee(
                    id=p.id,
                    name=p.name,
                    email=f"person{p.id}@example.com",
                    department_id=p.department_id,
                    hire_date=p.hire_date,
                    is_executive=p.is_executive,
                    timezone=p.timezone,
                    work_start=p.work_start,
                    work_end=p.work_end,
                    skills=sorted(p.skills),
                )
            )
        session.flush()
        for p in problem.people:
            for first, last in _ranges(sorted(p.days_off)):
                session.add(TimeOff(employee_id=p.id, first_day=first, last_day=last))
        channels = {}
        for name in sorted({n.channel for n in problem.needs}):
            channels[name] = Channel(name=name)
            session.add(channels[name])
        for s in problem.shifts:
            session.add(
                ShiftTemplate(
                    id=s.id,
                    name=s.name,
                    start_time=s.start,
                    end_time=s.end,
                    weekdays=list(s.weekdays),
                    timezone=s.timezone,
                )
            )
        session.flush()
        for n in problem.needs:
            session.add(
                CoverageNeed(
                    channel_id=channels[n.channel].id,
                    shift_template_id=n.shift_id,
                    min_people=n.min_people,
                    max_people=n.max_people,
                    skill=n.skill,
                    skill_min=n.skill_min,
                )
            )
        for preset in ("onboarding_fortnight", "annual_support_week", "executive_day"):
            session.add(RotationRule(**preset_rule(preset).model_dump()))
        session.add(RotationSettings(holiday_country="US"))
        admin = User(email="bench@example.com", role=Role.admin.value)
        session.add(admin)
        session.commit()
    return engine, problem, admin


def _ranges(days: list[date]) -> list[tuple[date, date]]:
    found: list[tuple[date, date]] = []
    for day in days:
        if found and day == found[-1][1] + timedelta(days=1):
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found
