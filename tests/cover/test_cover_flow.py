"""Cover end to end on the service: mail through a real SMTP server, the one-click link and
its confirm page, the first acceptance winning under concurrency, follow-ups on the ladder
that stop once covered, HR told of an uncovered turn, give-back, HR acting for someone, a
cover of a cover, and feeds that change once."""

import re
import threading
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, delete, select

from app.audit import AuditEntry
from app.calendars.models import FeedToken
from app.calendars.tokens import personal_feed
from app.cover import follow_up
from app.cover.models import CoverAsk, CoverRequest
from app.db import get_engine
from app.notifications import delivery, due
from app.notifications.cover_messages import working_moment
from app.notifications.models import ChatWebhook, Notification
from app.people.models import Employee
from app.rules.models import RotationSettings
from app.schedules import questions
from app.schedules.models import ChangeLog, ScheduleShift, ScheduleTurn
from tests.cover.conftest import WEEK, login
from tests.factories import make_employee


def _no_approval(session: Session) -> None:
    settings = session.exec(select(RotationSettings)).one()
    settings.swaps_need_approval = False
    session.add(settings)
    session.commit()


def _colleagues(session: Session, plan, n: int) -> list[Employee]:  # type: ignore[no-untyped-def]
    """Colleagues who fit the line; they work round the clock every day, so a message to
    them is due at once whenever the test runs (messages wait for working hours)."""
    eng = plan["line"]["departments"]["eng"].id
    people = [
        make_employee(
            session,
            department_id=eng,
            name=f"Col League{i}",
            workdays=list(range(7)),
            work_start=time(0),
            work_end=time(0),
        )
        for i in range(n)
    ]
    session.commit()
    return people


def _ask(client, session: Session, plan, **body) -> dict:  # type: ignore[no-untyped-def]
    owner = session.get(Employee, plan["turn"].employee_id)
    answer = client.post(
        "/api/v1/cover", json={"turn_id": plan["turn"].id, **body}, headers=login(session, owner)
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_two_accepts_at_once_one_wins(client, session: Session, plan) -> None:
    first, second = _colleagues(session, plan, 2)
    request = _ask(client, session, plan)
    heads = [login(session, first), login(session, second)]
    start = threading.Barrier(2)
    statuses: list[int] = []

    def accept(headers: dict[str, str]) -> None:
        start.wait()
        statuses.append(
            client.post(f"/api/v1/cover/{request['id']}/take", json={}, headers=headers).status_code
        )

    threads = [threading.Thread(target=accept, args=(h,)) for h in heads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 409]
    session.expire_all()
    row = session.get(CoverRequest, request["id"])
    assert row is not None and row.status == "pending" and row.taken_by in (first.id, second.id)


def test_the_link_shows_a_confirm_page_and_works_once(client, session: Session, plan, mailbox):
    _no_approval(session)
    first, second = _colleagues(session, plan, 2)
    session.exec(delete(Notification))  # type: ignore[call-overload]
    session.commit()
    request = _ask(client, session, plan, note="Family wedding")
    delivery.deliver(get_engine())
    links = {}
    for message in mailbox.messages:
        body = message.get_payload()[0].get_payload(decode=True).decode()
        found = re.search(r"(http://[^\s]+/cover/accept/[A-Za-z0-9_-]+)", body)
        if found:
            links[message["To"]] = found.group(1).split("/cover/", 1)[1]
    assert set(links) >= {first.email, second.email}
    stored = " ".join(n.text for n in session.exec(select(Notification)).all())
    assert "/cover/accept/" not in stored  # the outbox never holds a working link
    page = client.get("/cover/" + links[first.email])
    assert page.status_code == 200 and "Take it" in page.text and "Family wedding" in page.text
    session.expire_all()
    assert session.get(CoverRequest, request["id"]).status == "open"  # opening takes nothing
    taken = client.post("/cover/" + links[first.email])
    assert taken.status_code == 200 and "It is yours" in taken.text
    again = client.post("/cover/" + links[first.email])
    assert again.status_code == 409
    late = client.get("/cover/" + links[second.email])
    assert "no longer open to you (gone)" in late.text
    session.expire_all()
    turn = session.get(ScheduleTurn, plan["turn"].id)
    assert turn.employee_id == first.id
    delivery.deliver(get_engine())
    told = {m["To"]: m["Subject"] for m in mailbox.messages[len(links) :]}
    assert told[second.email].endswith(": covered")  # the others hear it is gone
    forged = client.get("/cover/" + links[second.email][:-2] + "xx")
    assert forged.status_code == 404


def test_follow_ups_climb_the_ladder_and_stop_once_covered(
    client, session: Session, plan, today
) -> None:
    colleagues = _colleagues(session, plan, 8)
    request = _ask(client, session, plan)
    first = date(2027, 1, 25)

    def asks() -> int:
        return len(session.exec(select(CoverAsk).where(CoverAsk.request_id == request["id"])).all())

    def reminders() -> int:
        rows = session.exec(select(Notification.key)).all()
        return len([k for k in rows if f"cover:{request['id']}:ask:" in k and not k.endswith(":0")])

    wave = asks()
    assert wave == 5
    today["day"] = first - timedelta(days=14)
    follow_up.due(session, today["day"])
    session.commit()
    assert asks() > wave and reminders() == asks()  # the silent reminded, the next asked
    follow_up.due(session, today["day"])  # the same day again: nothing more
    assert reminders() == asks()
    today["day"] = first - timedelta(days=3)
    follow_up.due(session, today["day"])
    session.commit()
    hr_mail = session.exec(
        select(Notification).where(Notification.address == plan["hr"].user.email)
    ).all()
    assert [n.subject for n in hr_mail if n.subject.startswith("Still uncovered")]
    assert questions.cover_requests_waiting(session) == {
        "open": 1,
        "pending": 0,
        "proposed": 0,
        "uncovered": 1,
    }
    taker = next(c for c in colleagues)
    _no_approval(session)
    took = client.post(
        f"/api/v1/cover/{request['id']}/take", json={}, headers=login(session, taker)
    )
    assert took.status_code == 200 and took.json()["status"] == "covered"
    assert questions.cover_requests_waiting(session) == {
        "open": 0,
        "pending": 0,
        "proposed": 0,
        "uncovered": 0,
    }
    before = reminders()
    today["day"] = first - timedelta(days=1)
    due.sweep(session)
    session.commit()
    assert reminders() == before


def test_give_back_within_grace_and_a_cover_of_a_cover(client, session: Session, plan) -> None:
    _no_approval(session)
    first, second = _colleagues(session, plan, 2)
    owner = plan["turn"].employee_id
    request = _ask(client, session, plan)
    took = client.post(
        f"/api/v1/cover/{request['id']}/take", json={}, headers=login(session, first)
    )
    assert took.json()["status"] == "covered"
    back = client.post(f"/api/v1/cover/{request['id']}/give-back", headers=login(session, first))
    assert (back.status_code, back.json()["status"]) == (200, "open")
    session.expire_all()
    assert session.get(ScheduleTurn, plan["turn"].id).employee_id == owner
    client.post(f"/api/v1/cover/{request['id']}/take", json={}, headers=login(session, second))
    row = session.get(CoverRequest, request["id"])
    row.give_back_until = row.taken_at - timedelta(seconds=1)  # the grace period is over
    session.add(row)
    session.commit()
    late = client.post(f"/api/v1/cover/{request['id']}/give-back", headers=login(session, second))
    assert late.status_code == 409
    again = client.post(
        "/api/v1/cover", json={"turn_id": plan["turn"].id}, headers=login(session, second)
    )
    assert again.status_code == 201 and again.json()["employee_id"] == second.id


def test_hr_takes_for_someone_and_only_those_days_move(client, session: Session, plan) -> None:
    (helper,) = _colleagues(session, plan, 1)
    owner = plan["turn"].employee_id
    seats = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == plan["turn"].schedule_id,
            ScheduleShift.employee_id == owner,
            col(ScheduleShift.day) >= WEEK,
            col(ScheduleShift.day) < WEEK + timedelta(days=7),
        )
    ).all()
    day = sorted(s.day for s in seats)[1]
    request = _ask(client, session, plan, days=[str(day)])
    hr = plan["hr"]
    feeds = {who: personal_feed(session=session, employee_id=who) for who in (owner, helper.id)}
    bystander = personal_feed(session=session, employee_id=plan["line"]["sales"][3].id)
    session.commit()
    versions = {who: f.version for who, f in feeds.items()} | {0: bystander.version}
    took = client.post(
        f"/api/v1/cover/{request['id']}/take", json={"employee_id": helper.id}, headers=hr.headers
    )
    assert (took.status_code, took.json()["status"]) == (200, "covered")  # HR needs no approval
    session.expire_all()
    after = {who: session.get(FeedToken, f.id).version for who, f in feeds.items()}
    after[0] = session.get(FeedToken, bystander.id).version
    # The two people's feeds change once each (one write); a bystander's not at all.
    assert after == {owner: versions[owner] + 1, helper.id: versions[helper.id] + 1, 0: versions[0]}
    moved = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == plan["turn"].schedule_id,
            ScheduleShift.employee_id == helper.id,
        )
    ).all()
    assert [s.day for s in moved] == [day]
    assert session.get(ScheduleTurn, plan["turn"].id).employee_id == owner
    log = session.exec(select(ChangeLog).where(ChangeLog.kind == "cover_taken")).one()
    assert (log.actor_id, log.employee_id) == (hr.user.id, helper.id)
    entries = session.exec(
        select(AuditEntry).where(
            AuditEntry.record_kind == "cover_request", AuditEntry.record_id == request["id"]
        )
    ).all()
    taken = [e for e in entries if "taken_by" in e.changes]
    assert [(e.actor, e.changes["taken_by"]) for e in taken] == [
        (f"user:{hr.user.id}", [None, helper.id])
    ]


def test_an_employee_cannot_take_for_someone_else(client, session: Session, plan) -> None:
    first, second = _colleagues(session, plan, 2)
    request = _ask(client, session, plan)
    answer = client.post(
        f"/api/v1/cover/{request['id']}/take",
        json={"employee_id": second.id},
        headers=login(session, first),
    )
    assert answer.status_code == 403


def test_a_message_waits_for_the_colleagues_working_hours(session: Session, plan) -> None:
    eng = plan["line"]["departments"]["eng"].id
    berlin = make_employee(
        session, department_id=eng, timezone="Europe/Berlin", work_start=time(9), workdays=[0, 1]
    )
    friday_night = datetime(2027, 3, 26, 22, 0, tzinfo=UTC)  # 23:00 in Berlin, a Friday
    sent = working_moment(berlin, friday_night)
    # Monday 29 March, 09:00 in Berlin: summer time began on the Sunday (UTC+2).
    assert sent == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    assert working_moment(berlin, datetime(2027, 3, 29, 8, tzinfo=UTC)) == datetime(
        2027, 3, 29, 8, tzinfo=UTC
    )


def test_the_line_chat_hears_of_a_request_without_a_personal_link(
    client, session: Session, plan, receiver
) -> None:
    port = receiver.server_address[1]
    session.add(ChatWebhook(name="Line", url=f"json://127.0.0.1:{port}/line", categories=["swaps"]))
    session.commit()
    _colleagues(session, plan, 1)
    _ask(client, session, plan, note="Moving house")
    delivery.deliver(get_engine())
    posts = [r["body"] for r in receiver.received if r["path"] == "/line"]
    assert len(posts) == 1
    owner = session.get(Employee, plan["turn"].employee_id)
    assert (
        owner.name in posts[0]["title"]
        and "open: colleagues who fit are asked" in (posts[0]["title"])
    )
    assert "Moving house" in posts[0]["message"] and "/cover/accept/" not in posts[0]["message"]
