"""Cover news: the colleagues asked get a one-click link (in their working hours), follow-ups
go to those still silent, everyone asked hears when it is gone, the person whose turn it is
hears who took it, and HR hears of a turn still uncovered, with who was left out and why."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from app.clock import utcnow
from app.cover import candidates, reading
from app.cover import service as cover
from app.cover.models import CoverAsk, CoverRequest
from app.db import saved_id
from app.events import CoverChanged
from app.notifications import people, secret_links
from app.notifications.models import Category
from app.notifications.outbox import Email, Recipient, queue_chat, queue_emails, render
from app.notifications.published import webhooks
from app.people.models import Employee
from app.schedules.models import ScheduleTurn

HEADLINE = {
    "proposed": "taken in return for a turn of theirs: accept or decline on the cover page",
    "declined": "trade declined; colleagues are asked again",
    "pending": "taken, waiting for approval",
    "covered": "covered",
    "approved": "covered (approved by HR)",
    "rejected": "not approved; colleagues are asked again",
    "given_back": "given back; colleagues are asked again",
    "cancelled": "withdrawn",
    "closed": "closed",
}


def working_moment(person: Employee, now: datetime) -> datetime:
    """The first moment at or after `now` inside the person's working hours (their zone and
    working week): a request does not wake anyone."""
    zone = ZoneInfo(person.timezone)
    local = now.astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        if day.weekday() not in person.workdays:
            continue
        start = datetime.combine(day, person.work_start, zone)
        end = datetime.combine(day, person.work_end, zone)
        if end <= start:
            end += timedelta(days=1)  # hours past midnight
        if local < start:
            return start
        if local < end:
            return now
    return now


def on_cover(session: Session, event: CoverChanged) -> int:
    request = session.get(CoverRequest, event.request_id)
    if request is None:
        return 0
    owner = session.get_one(Employee, request.employee_id)
    taker = session.get(Employee, request.taken_by) if request.taken_by else None
    days = reading.days_of(request)
    trade = session.get(ScheduleTurn, request.trade_turn_id) if request.trade_turn_id else None
    context = {"request": request, "owner": owner, "taker": taker, "days": days, "trade": trade}
    asks = reading.asks_of(session, saved_id(request))
    emails: list[Email] = []
    now = utcnow()
    if event.step in ("asked", "reminded"):
        for ask in asks:
            if ask.answer is not None:
                continue
            colleague = session.get_one(Employee, ask.employee_id)
            again = ask.employee_id not in event.employee_ids
            message = render(
                "cover_ask", **context, ask=ask, again=again, link=secret_links.cover(saved_id(ask))
            )
            emails.append(
                Email(
                    f"cover:{request.id}:ask:{ask.id}:{request.reminders}",
                    Category.swaps,
                    people.of_employee(colleague),
                    message,
                    working_moment(colleague, now),
                )
            )
        if event.step == "asked":
            _to_chat(session, request, owner, days)
    elif event.step == "uncovered":
        ranking = candidates.rank(session, cover.wanted(session, request, request.employee_id), 10)
        message = render(
            "cover_uncovered",
            **context,
            asks=[(a, session.get(Employee, a.employee_id)) for a in asks],
            excluded=sorted(ranking.excluded.items(), key=lambda kv: -kv[1]),
            could=[session.get(Employee, c.employee_id) for c in ranking.found],
        )
        for to in people.hr_people(session):
            emails.append(
                Email(f"cover:{request.id}:uncovered:{to.email}", Category.swaps, to, message)
            )
    else:
        message = render("cover_news", **context, headline=HEADLINE.get(event.step, event.step))
        told: list[Recipient] = [people.of_employee(e) for e in (owner, taker) if e]
        if event.step in ("rejected", "declined"):  # the colleague whose take did not stand
            told += [people.of_employee(session.get_one(Employee, e)) for e in event.employee_ids]
        if event.step == "pending":
            told += people.approvers(session, request.employee_id)
        if event.step in ("covered", "proposed", "pending", "approved", "cancelled"):
            gone = _gone(session, asks, request.taken_by)
            told += [people.of_employee(e) for e in gone]
        stamp = f"{request.updated_at:%Y%m%d%H%M%S}"
        for to in {r.email: r for r in told}.values():
            emails.append(
                Email(
                    f"cover:{request.id}:{event.step}:{stamp}:{to.email}",
                    Category.swaps,
                    to,
                    message,
                )
            )
    return queue_emails(session, emails)


def _to_chat(session: Session, request: CoverRequest, owner: Employee, days: list) -> None:
    """The line's chat hears of it too (no personal link: the page lists who may take it)."""
    message = render(
        "cover_news",
        request=request,
        owner=owner,
        taker=None,
        trade=None,
        days=days,
        headline="open: colleagues who fit are asked",
    )
    for hook in webhooks(session, Category.swaps, owner.department_id):
        queue_chat(
            session,
            key=f"chat-cover:{hook.id}:{request.id}",
            category=Category.swaps,
            webhook_id=saved_id(hook),
            title=message.subject,
            text=message.text,
        )


def _gone(session: Session, asks: list[CoverAsk], taker: int | None) -> list[Employee]:
    """Those asked who did not take it: they hear that it is gone."""
    ids = [a.employee_id for a in asks if a.employee_id != taker and a.answer == "gone"]
    if not ids:
        return []
    return list(session.exec(select(Employee).where(col(Employee.id).in_(ids))).all())
