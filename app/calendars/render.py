"""Feeds as calendar clients read them: one aggregate for the ETag, stored VEVENTs joined."""

from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from threading import Lock
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration, vText
from sqlalchemy import ColumnElement, Select, String, and_, bindparam, literal, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.scope import require_own
from app.calendars import versions
from app.calendars.models import CalendarEvent, FeedKind, FeedToken
from app.calendars.vevent import KEEP_CANCELLED, escape_char, fold, to_vevent
from app.clock import aware, utcnow
from app.errors import NotFound
from app.people.models import Department, Employee
from app.schedules.models import ScheduleTurn
from app.schedules.store import published_turn

KEEP_PAST = timedelta(days=60)
REFRESH = timedelta(hours=4)
FORMAT = "3"  # bump when the rendered layout changes, so ETags change with it
PRODID = "-//Rota//Support rotations//EN"
LINE_TITLE = "Support line"


def _feed_rows(kind: str) -> tuple[ColumnElement[bool], ...]:
    """The events a feed of this kind shows, by bound parameters: `since` (the oldest last
    day), `cutoff` (the oldest cancellation) and `owner` (the employee or department)."""
    shown = (
        col(CalendarEvent.last_day) >= bindparam("since"),
        or_(
            col(CalendarEvent.status) == "CONFIRMED",
            col(CalendarEvent.cancelled_at) >= bindparam("cutoff"),
        ),
    )
    if kind == FeedKind.employee.value:
        owner = col(CalendarEvent.employee_id) == bindparam("owner")
        return (*shown, owner, col(CalendarEvent.kind).in_(["block", "shift"]))
    if kind == FeedKind.department.value:
        owner = col(CalendarEvent.department_id) == bindparam("owner")
        return (*shown, owner, col(CalendarEvent.kind) == "block")
    return (*shown, col(CalendarEvent.kind) == "line")


def _feed_params(feed: FeedToken, today: date) -> dict[str, object]:
    # By the day, like the ETag: one version's body changes at most once a day.
    cutoff = datetime.combine(utcnow().date(), time(), tzinfo=UTC) - KEEP_CANCELLED
    return {"since": today - KEEP_PAST, "cutoff": cutoff, "owner": feed.owner_id}


@lru_cache(maxsize=2)
def _stored_vevents(kind: str) -> Select[str, str, str | None, date, date]:
    """A personal or line feed in one statement, built once per kind (a cold poll only binds):
    the title's name and the stored VEVENTs in order. A personal feed reads them from its
    owner's row outward, so a feed with no event still has its one row (its name)."""
    columns = (
        col(CalendarEvent.ics),
        col(CalendarEvent.tzid),
        col(CalendarEvent.first_day),
        col(CalendarEvent.last_day),
    )
    order = (col(CalendarEvent.first_day), col(CalendarEvent.uid))
    if kind == FeedKind.employee.value:
        return (
            sa_select(col(Employee.name), *columns)
            .select_from(Employee)
            .outerjoin(CalendarEvent, and_(*_feed_rows(kind)))
            .where(col(Employee.id) == bindparam("owner"))
            .order_by(*order)
        )
    return (
        sa_select(literal(None, String).label("name"), *columns)
        .where(*_feed_rows(kind))
        .order_by(*order)
    )


def feed_version(*, feed: FeedToken, today: date) -> tuple[str, datetime]:
    """ETag and Last-Modified from the feed's own row (its version): a 304 reads nothing else."""
    modified = aware(feed.changed_at or feed.created_at)
    return versions.etag(feed, today, FORMAT), modified.replace(microsecond=0)


class _Bodies:
    """Bodies this process rendered, by ETag (an ETag names exactly one body), the least
    recently polled dropped first once they hold more than `limit` bytes. Threads of the
    server share it, hence the lock."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.bodies: OrderedDict[str, bytes] = OrderedDict()
        self.lock = Lock()

    def get(self, etag: str) -> bytes | None:
        with self.lock:
            body = self.bodies.get(etag)
            if body is not None:
                self.bodies.move_to_end(etag)
            return body

    def put(self, etag: str, body: bytes) -> None:
        with self.lock:
            old = self.bodies.pop(etag, None)
            self.size += len(body) - (len(old) if old is not None else 0)
            self.bodies[etag] = body
            while self.size > self.limit and len(self.bodies) > 1:
                self.size -= len(self.bodies.popitem(last=False)[1])


# A 10,000-person company's personal feeds are a few KB each: they all fit, and a line feed
# of megabytes does not push them out alone.
_rendered = _Bodies(limit=64 * 1024 * 1024)


def cached_feed(*, session: Session, feed: FeedToken, today: date, etag: str) -> bytes:
    """Clients poll unchanged feeds all day: serve the body rendered for this ETag."""
    body = _rendered.get(etag)
    if body is None:
        body = render_feed(session=session, feed=feed, today=today)
        _rendered.put(etag, body)
    return body


def render_feed(*, session: Session, feed: FeedToken, today: date) -> bytes:
    if feed.kind != FeedKind.department.value:
        return _assemble(session, feed, today)
    events = session.exec(
        select(CalendarEvent)
        .where(*_feed_rows(feed.kind))
        .order_by(col(CalendarEvent.first_day), col(CalendarEvent.uid)),
        params=_feed_params(feed, today),
    ).all()
    names = {
        e.id: e.name
        for e in session.exec(select(Employee).where(Employee.department_id == feed.owner_id))
    }
    calendar = _header(_department_title(session, feed))
    for event in events:
        prefix = f"{names[event.employee_id]}: " if event.employee_id in names else ""
        calendar.add_component(to_vevent(event, prefix))
    if events:
        # Transitions a year either side: clients that cache a zone by TZID stay right.
        calendar.add_missing_timezones(
            first_date=min(e.first_day for e in events) - timedelta(days=366),
            last_date=max(e.last_day for e in events) + timedelta(days=366),
        )
    return calendar.to_ical()


def _header(title: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties have no type of their own in icalendar: give them theirs, so the name is
    # escaped text and the TTL a DURATION (PT4H), as clients expect.
    calendar.add("x-wr-calname", vText(title))
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar


TITLE_MARK = "TITLE"  # short ASCII: never escaped, never folded


@lru_cache(maxsize=1)
def _header_around_title() -> tuple[str, str]:
    """The calendar's opening lines up to its first component, either side of its title line,
    as icalendar writes them (once per process)."""
    text = _header(TITLE_MARK).to_ical().decode().rpartition("END:VCALENDAR")[0]
    before, _, after = text.partition(f"X-WR-CALNAME:{TITLE_MARK}\r\n")
    return before, after


def _header_text(title: str) -> str:
    """The opening lines for a title: every personal feed has its own, so the title line is
    escaped and folded as icalendar would, without building a calendar per feed."""
    before, after = _header_around_title()
    return f"{before}{fold('X-WR-CALNAME:' + escape_char(title))}\r\n{after}"


def _assemble(session: Session, feed: FeedToken, today: date) -> bytes:
    """Header, time zones and the stored VEVENTs as stored: a personal or line feed is
    written from four columns, without building or re-serialising any event."""
    rows = session.execute(_stored_vevents(feed.kind), _feed_params(feed, today)).all()
    events = [row for row in rows if row.ics is not None]
    if feed.kind == FeedKind.employee.value:
        title = _personal_title(rows[0].name if rows else None)
    else:
        title = LINE_TITLE
    parts = [_header_text(title)]
    if events:
        first = min(e.first_day for e in events) - timedelta(days=366)
        last = max(e.last_day for e in events) + timedelta(days=366)
        zones = sorted({e.tzid for e in events if e.tzid})
        parts += [_vtimezone(zone, first.year, last.year) for zone in zones]
    parts += [e.ics for e in events]
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode()


@lru_cache(maxsize=256)
def _vtimezone(zone: str, first_year: int, last_year: int) -> str:
    component = Timezone.from_tzinfo(
        ZoneInfo(zone), first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )
    return component.to_ical().decode()


def turn_for_download(*, session: Session, ref: str, actor: User) -> ScheduleTurn:
    turn = published_turn(session, ref)
    if turn is None:
        raise NotFound("That turn is not in the published schedule.")
    require_own(actor, turn.employee_id, "You can download only your own turns.")
    return turn


def render_turn(*, session: Session, turn: ScheduleTurn) -> bytes:
    """A one-off .ics with one published turn's block and its shifts."""
    week_end = turn.week_start + timedelta(days=6)
    events = session.exec(
        select(CalendarEvent).where(
            CalendarEvent.employee_id == turn.employee_id,
            CalendarEvent.status == "CONFIRMED",
            col(CalendarEvent.kind).in_(["block", "shift"]),
            col(CalendarEvent.first_day) >= turn.week_start,
            col(CalendarEvent.first_day) <= week_end,
        )
    ).all()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(to_vevent(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _personal_title(name: str | None) -> str:
    return f"Support rotation — {name or ''}".strip(" —")


def _department_title(session: Session, feed: FeedToken) -> str:
    dept = session.exec(select(Department.name).where(Department.id == feed.owner_id))
    return f"Support rotation — {dept.first() or 'department'}"
