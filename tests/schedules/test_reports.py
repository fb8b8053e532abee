"""Participation reads the published schedule only, tells done from planned, and counts a
rule's obligation only by turns of that rule."""

from datetime import UTC, date, datetime

from app.rules.models import RotationRule
from app.schedules import store
from app.schedules.models import Schedule, ScheduleTurn
from app.schedules.store import turn_uid
from tests.factories import make_department, make_employee


def _schedule(session, status, turns):  # type: ignore[no-untyped-def]
    schedule = Schedule(
        status=status,
        start=date(2026, 12, 7),
        weeks=12,
        published_at=datetime(2026, 12, 1 if status == "superseded" else 2, tzinfo=UTC),
    )
    session.add(schedule)
    session.flush()
    for employee_id, week, days, rule in turns:
        session.add(
            ScheduleTurn(
                schedule_id=schedule.id,
                employee_id=employee_id,
                week_start=week,
                days=days,
                rule_id=rule.id,
                uid=turn_uid(employee_id, week),
            )
        )
    session.commit()
    return schedule


def test_participation_from_the_published_schedule(client, hr, session):
    annual = RotationRule(name="Annual week", applies_to="everyone", cycle_weeks=52)
    day = RotationRule(name="Support day", applies_to="everyone", days_per_turn=1, cycle_weeks=8)
    onboarding = RotationRule(
        name="Onboarding", applies_to="new_hires", turn_weeks=2, start_within_weeks=4
    )
    execs = RotationRule(name="Exec day", applies_to="executives", days_per_turn=1, cycle_weeks=4)
    session.add_all([annual, day, onboarding, execs])
    session.commit()
    dept = make_department(session)
    done, planned, only_a_day, superseded_only, exec_ = (
        make_employee(session, department_id=dept.id, name=n, hire_date=date(2024, 1, 8))
        for n in ("Done", "Planned", "Only a day", "Superseded only", "Exec")
    )
    exec_.is_executive = True
    session.add(exec_)
    starter = make_employee(
        session, department_id=dept.id, name="Starter", hire_date=date(2027, 2, 1)
    )
    _schedule(
        session,
        "superseded",
        [
            (superseded_only.id, date(2026, 12, 7), 5, annual),
            (starter.id, date(2026, 12, 28), 5, onboarding),
            (exec_.id, date(2027, 1, 11), 3, execs),
        ],
    )
    published = _schedule(
        session,
        "published",
        [
            (done.id, date(2026, 12, 14), 5, annual),
            (planned.id, date(2027, 2, 1), 5, annual),
            (only_a_day.id, date(2027, 1, 18), 1, day),
            (starter.id, date(2027, 2, 1), 5, onboarding),
            (starter.id, date(2027, 2, 8), 5, onboarding),
            (exec_.id, date(2026, 12, 21), 1, execs),
            (exec_.id, date(2027, 1, 25), 1, execs),
        ],
    )
    report = client.get("/api/v1/reports/participation", headers=hr.headers).json()
    assert report["schedule_id"] == published.id
    assert report["cycle_rule_id"] == annual.id
    assert (report["rotated_done"], report["rotated_planned"]) == (1, 1)
    assert sorted(p["name"] for p in report["not_rotated"]) == [
        "Exec",
        "Only a day",
        "Superseded only",
    ]
    (hire,) = report["new_hires"]
    assert (hire["name"], hire["status"], hire["weeks"]) == (
        "Starter",
        "planned",
        ["2027-02-01", "2027-02-08"],
    )
    (boss,) = report["executives"]
    assert boss["days_this_period"] == 1 and boss["upcoming_days"] == 1
    assert (boss["rule_turns_done"], boss["rule_turns_planned"]) == (1, 1)


def test_participation_without_a_yearly_rule_lists_every_rotator_and_nobody_else(
    client, hr, session
):
    """Without an everyone-rule nobody's turns meet the cycle: every rotator is listed as not
    rotated, in the order of their ids; leavers, the support team and people not hired yet
    are not rotators. An executive is listed with the turns of every rule."""
    execs = RotationRule(name="Exec day", applies_to="executives", days_per_turn=1, cycle_weeks=4)
    session.add(execs)
    session.commit()
    team = make_department(session, name="Team")
    support = make_department(session, name="Support", is_support=True)
    second, first = (
        make_employee(session, department_id=team.id, name=n, hire_date=date(2024, 1, 8))
        for n in ("Second", "First")
    )
    leaver = make_employee(
        session, department_id=team.id, name="Leaver", hire_date=date(2024, 1, 8)
    )
    leaver.active = False
    boss = make_employee(
        session, department_id=team.id, name="Boss", hire_date=date(2024, 1, 8), is_executive=True
    )
    make_employee(session, department_id=support.id, name="Agent", hire_date=date(2024, 1, 8))
    make_employee(session, department_id=team.id, name="Joins", hire_date=date(2027, 3, 1))
    session.add(leaver)
    _schedule(
        session,
        "published",
        [
            (second.id, date(2027, 1, 18), 5, execs),
            (boss.id, date(2026, 12, 28), 2, execs),
            (boss.id, date(2027, 2, 1), 1, execs),
        ],
    )
    report = client.get("/api/v1/reports/participation", headers=hr.headers).json()
    assert report["cycle_rule_id"] is None
    assert (report["rotated_done"], report["rotated_planned"]) == (0, 0)
    assert [p["name"] for p in report["not_rotated"]] == ["Second", "First", "Boss"]
    (listed,) = report["executives"]
    assert (listed["name"], listed["days_this_period"], listed["upcoming_days"]) == ("Boss", 2, 1)
    assert (listed["rule_turns_done"], listed["rule_turns_planned"]) == (1, 1)


def test_the_published_schedule_is_read_without_its_fairness_report(session):
    """Nearly every request reads the published schedule; its fairness report (a line per
    person, 211 KB at 10,000 people) was decoded each time. It is read when the report is."""
    report = {"score": 87, "turns_per_person": {str(n): 1 for n in range(1000)}}
    schedule = _schedule(session, "published", [])
    schedule.fairness = report
    session.commit()
    session.expunge_all()

    found = store.published(session)
    assert found is not None
    assert {"fairness", "seat_fingerprints", "gap_fingerprints"}.isdisjoint(found.__dict__)
    assert found.fairness == report  # loaded on first use, in the same session
