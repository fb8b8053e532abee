"""What the line taught the company, in numbers: each learning's contacts week by week (its
tags, its product area's tags, else the tags of its tickets), the change since its fix shipped
against the line (measure.py), and per quarter what was raised, fixed and avoided, who raised
it and what the rotation cost. Reads the weekly summaries imports keep, never the contacts
one by one (except a learning's own few tickets)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from app import clock
from app.demand.models import Contact, ContactTagWeek, ContactWeek, ProductAreaTag
from app.impact.measure import WINDOW_WEEKS, Impact, measure
from app.learning.models import Learning, LearningStatus
from app.people.models import Department, Employee, is_new_hire
from app.schedules import store
from app.schedules.models import ScheduleTurn

GROUPS = ("support team", "rotator", "new hire", "executive")


@dataclass(frozen=True)
class Waits:
    relief_before: float | None  # mean seconds to relief of the matching contacts
    relief_after: float | None
    resolution_before: float | None
    resolution_after: float | None


@dataclass(frozen=True)
class LearningImpact:
    learning: Learning
    tags: list[str]
    impact: Impact | None  # None until it is done with a fix date
    waits: Waits | None
    weekly: dict[date, int]  # matching contacts per week around the fix


def tags_of(session: Session, learning: Learning) -> list[str]:
    """Its own tags, its product area's (HR's map), else the tags its tickets carried."""
    found = set(learning.tags)
    if learning.product_area:
        area = learning.product_area.lower()
        found |= set(
            session.exec(
                select(ProductAreaTag.tag).where(func.lower(ProductAreaTag.area) == area)
            ).all()
        )
    if not found and learning.ticket_ids:
        for tags in session.exec(
            select(Contact.tags).where(col(Contact.external_id).in_(learning.ticket_ids))
        ).all():
            found |= set(tags.split())
    return sorted(found)


def _tag_weeks(
    session: Session, tags: list[str], first: date, last: date
) -> dict[date, list[float]]:
    found: dict[date, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0, 0.0])
    if not tags:
        return found
    for row in session.exec(
        select(ContactTagWeek).where(
            col(ContactTagWeek.tag).in_(tags),
            col(ContactTagWeek.week) >= first,
            col(ContactTagWeek.week) <= last,
        )
    ).all():
        sums = found[row.week]
        for i, value in enumerate(
            (row.contacts, row.relief_n, row.relief_sum, row.resolution_n, row.resolution_sum)
        ):
            sums[i] += value
    return found


def line_weeks(session: Session, first: date, last: date) -> dict[date, float]:
    rows = session.execute(
        select(ContactWeek.week, func.sum(ContactWeek.contacts))  # type: ignore[call-overload]
        .where(col(ContactWeek.week) >= first, col(ContactWeek.week) <= last)
        .group_by(ContactWeek.week)
    ).all()
    return {week: float(total) for week, total in rows}


def _mean(weeks: dict[date, list[float]], keep: list[date], n: int, total: int) -> float | None:
    count = sum(weeks[w][n] for w in keep if w in weeks)
    return sum(weeks[w][total] for w in keep if w in weeks) / count if count else None


def learning_impact(
    session: Session, learning: Learning, today: date | None = None
) -> LearningImpact:
    today = today or clock.today()
    tags = tags_of(session, learning)
    if learning.status != LearningStatus.done.value or learning.fixed_on is None:
        return LearningImpact(learning, tags, None, None, {})
    fix_week = clock.monday(learning.fixed_on)
    first = fix_week - timedelta(weeks=WINDOW_WEEKS)
    last = fix_week + timedelta(weeks=WINDOW_WEEKS)
    weeks = _tag_weeks(session, tags, first, last)
    line = line_weeks(session, first, last)
    found = measure({w: v[0] for w, v in weeks.items()}, line, learning.fixed_on, today)
    before = [w for w in line if w < fix_week]
    after = [w for w in line if fix_week < w < clock.monday(today)]
    waits = Waits(
        _mean(weeks, before, 1, 2),
        _mean(weeks, after, 1, 2),
        _mean(weeks, before, 3, 4),
        _mean(weeks, after, 3, 4),
    )
    return LearningImpact(
        learning, tags, found, waits, {w: int(v[0]) for w, v in sorted(weeks.items())}
    )


@dataclass
class DepartmentRow:
    department: str
    raised: int = 0
    done: int = 0
    contacts: int = 0  # contacts of the raised learnings' tags in the quarter
    avoided_per_week: float = 0.0  # helped fixes: contacts a week the line no longer gets


@dataclass(frozen=True)
class QuarterReport:
    year: int
    quarter: int
    first_day: date
    last_day: date
    departments: list[DepartmentRow]
    raised_by: dict[str, int]  # support team, rotator, new hire, executive
    rotation_person_days: int  # days people outside support spent on the line
    fixes: list[LearningImpact]  # done in or before the quarter, with their measure
    department_names: dict[int, str]


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    after = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, after - timedelta(days=1)


def _group(employee: Employee | None, support: set[int], day: date) -> str:
    if employee is None:
        return "rotator"
    if employee.department_id in support:
        return "support team"
    if employee.is_executive:
        return "executive"
    return "new hire" if is_new_hire(employee.hire_date, day) else "rotator"


def quarter_report(session: Session, year: int, quarter: int) -> QuarterReport:
    first, last = quarter_bounds(year, quarter)
    departments = {d.id: d for d in session.exec(select(Department)).all()}
    support = {i for i, d in departments.items() if d.is_support and i is not None}
    raised = session.exec(
        select(Learning).where(
            col(Learning.merged_into_id).is_(None),
            func.date(Learning.created_at) >= first,
            func.date(Learning.created_at) <= last,
        )
    ).all()
    fixed = session.exec(
        select(Learning).where(
            col(Learning.merged_into_id).is_(None),
            Learning.status == LearningStatus.done.value,
            col(Learning.fixed_on) <= last,
        )
    ).all()
    people = {e.id: e for e in session.exec(select(Employee)).all()}
    rows: dict[int, DepartmentRow] = {
        i: DepartmentRow(d.name) for i, d in departments.items() if i is not None
    }
    by_group = dict.fromkeys(GROUPS, 0)
    quarter_weeks = (clock.monday(first), last)
    for learning in raised:
        row = rows[learning.department_id]
        row.raised += 1
        by_group[_group(people.get(learning.employee_id), support, learning.created_at.date())] += 1
        weeks = _tag_weeks(session, tags_of(session, learning), *quarter_weeks)
        row.contacts += int(sum(v[0] for v in weeks.values()))
    # Each fix measured with all the weeks known today, also for a past quarter.
    fixes = [learning_impact(session, learning) for learning in fixed]
    for fix in fixes:
        row = rows[fix.learning.department_id]
        if fix.learning.fixed_on and first <= fix.learning.fixed_on <= last:
            row.done += 1
        if fix.impact is not None and fix.impact.verdict == "helped":
            row.avoided_per_week += fix.impact.avoided_per_week or 0.0
    return QuarterReport(
        year,
        quarter,
        first,
        last,
        [r for r in rows.values() if r.raised or r.done or r.avoided_per_week],
        by_group,
        _rotation_days(session, support, first, last),
        fixes,
        {i: d.name for i, d in departments.items() if i is not None},
    )


def _rotation_days(session: Session, support: set[int], first: date, last: date) -> int:
    schedule = store.published(session)
    if schedule is None:
        return 0
    support_people = select(Employee.id).where(col(Employee.department_id).in_(support))
    total = session.exec(
        select(func.coalesce(func.sum(ScheduleTurn.days), 0)).where(
            ScheduleTurn.schedule_id == schedule.id,
            col(ScheduleTurn.week_start) >= clock.monday(first),
            col(ScheduleTurn.week_start) <= last,
            col(ScheduleTurn.employee_id).not_in(support_people),
        )
    ).one()
    return int(total)
