"""Feed tokens, keeping calendar events in step with the published schedule, and rendering."""

import base64
import hashlib
import hmac
import secrets
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.auth.deps import is_hr
from app.auth.models import User
from app.calendars.models import CalendarEvent, FeedKind, FeedToken
from app.config import get_settings
from app.coverage.models import Channel, ShiftTemplate
from app.errors import Forbidden, Invalid, NotFound
from app.people.models import Department, Employee, utcnow
from app.schedules.models import Schedule, ScheduleShift, ScheduleStatus, ScheduleTurn

KEEP_CANCELLED = timedelta(days=30)  # long enough for every client to poll once
KEEP_PAST = timedelta(days=60)
REFRESH = "PT4H"
FORMAT = "1"  # bump when the rendered layout changes, so ETags change with it


# --- Tokens -------------------------------------------------------------------------------------


def _mac(feed: FeedToken) -> str:
    key = get_settings().secret_key.encode()
    message = f"{feed.id}:{feed.kind}:{feed.owner_id}:{feed.nonce}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(feed: FeedToken) -> str:
    return f"{feed.id}-{_mac(feed)}"


def urls(feed: FeedToken) -> tuple[str, str]:
    base = get_settings().base_url.rstrip("/")
    url = f"{base}/calendars/{token_of(feed)}.ics"
    return url, "webcal://" + url.split("://", 1)[1]


def resolve(*, session: Session, token: str) -> FeedToken:
    """The feed behind a token; unknown, forged and revoked tokens all answer 404."""
    feed_id, _, mac = token.partition("-")
    feed = session.get(FeedToken, int(feed_id)) if feed_id.isdigit() else None
    if feed is None or feed.revoked_at is not None or not hmac.compare_digest(mac, _mac(feed)):
        raise NotFound("No such calendar.")
    return feed


def _check_owner(session: Session, kind: FeedKind, owner_id: int | None, actor: User) -> None:
    if kind == FeedKind.employee:
        if owner_id is None or session.get(Employee, owner_id) is None:
            raise Invalid("Name the employee whose calendar this is.", field="owner_id")
        if not is_hr(actor) and actor.employee_id != owner_id:
            raise Forbidden("You can manage only your own calendar feed.")
    elif kind == FeedKind.department:
        if owner_id is None or session.get(Department, owner_id) is None:
            raise Invalid("Name the department.", field="owner_id")
        if not is_hr(actor):
            raise Forbidden("Department feeds are managed by HR.")
    elif not is_hr(actor):
        raise Forbidden("The line's feed is managed by HR.")


def current_feed(
    *, session: Session, kind: FeedKind, owner_id: int | None, actor: User
) -> FeedToken:
    """The active feed for an owner, made on first use."""
    owner_id = None if kind == FeedKind.line else owner_id
    _check_owner(session, kind, owner_id, actor)
    active = _active_feeds(session, kind, owner_id)
    return active[0] if active else _new_feed(session, kind, owner_id, actor)


def reissue(*, session: Session, kind: FeedKind, owner_id: int | None, actor: User) -> FeedToken:
    """Revoke the owner's current link and hand out a new one."""
    owner_id = None if kind == FeedKind.line else owner_id
    _check_owner(session, kind, owner_id, actor)
    for old in _active_feeds(session, kind, owner_id):
        old.revoked_at = utcnow()
        session.add(old)
    return _new_feed(session, kind, owner_id, actor)


def revoke(*, session: Session, feed_id: int, actor: User) -> FeedToken:
    feed = session.get(FeedToken, feed_id)
    if feed is None:
        raise NotFound(f"Feed {feed_id} does not exist.")
    _check_owner(session, FeedKind(feed.kind), feed.owner_id, actor)
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
        session.add(feed)
        session.flush()
    return feed


def _active_feeds(session: Session, kind: FeedKind, owner_id: int | None) -> list[FeedToken]:
    query = select(FeedToken).where(
        FeedToken.kind == kind.value,
        FeedToken.owner_id == owner_id,
        col(FeedToken.revoked_at).is_(None),
    )
    return list(session.exec(query.order_by(col(FeedToken.id))).all())


def _new_feed(session: Session, kind: FeedKind, owner_id: int | None, actor: User) -> FeedToken:
    feed = FeedToken(
        kind=kind.value, owner_id=owner_id, nonce=secrets.token_hex(32), created_by=actor.id
    )
    session.add(feed)
    session.flush()
    return feed


# --- Keeping events in step with the published schedule -----------------------------------------


@dataclass
class Wanted:
    uid: str
    kind: str
    employee_id: int | None
    department_id: int | None
    turn_id: int | None
    all_day: bool
    first_day: date
    last_day: date
    start_local: datetime | None
    end_local: datetime | None
    tzid: str | None
    summary: str
    description: str
    transparent: bool

    def digest(self) -> str:
        parts = (
            self.kind,
            self.employee_id,
            self.all_day,
            self.first_day,
            self.last_day,
            self.start_local,
            self.end_local,
            self.tzid,
            self.summary,
            self.description,
            self.transparent,
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()


def _links(turn: ScheduleTurn | None) -> str:
    base = get_settings().base_url.rstrip("/")
    lines = [f"Your rotation: {base}/me"]
    if turn is not None:
        # By UID, not row id: a re-plan that keeps the turn keeps the event unchanged.
        ref = quote(turn.uid)
        lines.append(f"Ask for a swap: {base}/swaps/new?turn={ref}")
        lines.append(f"Log what you learned: {base}/learnings/new?turn={ref}")
    return "\n".join(lines)


def wanted_events(session: Session, schedule: Schedule) -> list[Wanted]:
    employees = {e.id: e for e in session.exec(select(Employee)).all()}
    shifts = {s.id: s for s in session.exec(select(ShiftTemplate)).all()}
    channels = {c.name: c for c in session.exec(select(Channel)).all()}
    tool = get_settings().support_tool_url
    turns = session.exec(select(ScheduleTurn).where(ScheduleTurn.schedule_id == schedule.id)).all()
    rows = session.exec(select(ScheduleShift).where(ScheduleShift.schedule_id == schedule.id)).all()
    by_turn_week: dict[tuple[int, date], ScheduleTurn] = {
        (t.employee_id, t.week_start): t for t in turns
    }
    mentees_of: dict[tuple[int, date, int], list[int]] = defaultdict(list)
    for row in rows:
        if row.mentor_id:
            mentees_of[(row.mentor_id, row.day, row.shift_template_id)].append(row.employee_id)
    last_day_of_week: dict[tuple[int, date], date] = {}
    for row in rows:
        key = (row.employee_id, row.day - timedelta(days=row.day.weekday()))
        last_day_of_week[key] = max(last_day_of_week.get(key, row.day), row.day)
    wanted: list[Wanted] = []
    for turn in turns:
        person = employees[turn.employee_id]
        span = (
            f"week {turn.block} of {turn.turn_weeks}"
            if turn.turn_weeks > 1
            else (
                "the week" if turn.days >= 5 else f"{turn.days} day{'s' if turn.days > 1 else ''}"
            )
        )
        text = [f"You are on the customer support line for {span} ({turn.days} days)."]
        if turn.with_mentor:
            text.append("A mentor sits beside you on every shift.")
        text.append(_links(turn))
        wanted.append(
            Wanted(
                uid=turn.uid,
                kind="block",
                employee_id=person.id,
                department_id=person.department_id,
                turn_id=turn.id,
                all_day=True,
                first_day=turn.week_start,
                last_day=turn.week_start + timedelta(days=4),
                start_local=None,
                end_local=None,
                tzid=None,
                summary=f"Support rotation — {span}",
                description="\n\n".join(text),
                transparent=True,
            )
        )
    for row in rows:
        person = employees[row.employee_id]
        shift = shifts[row.shift_template_id]
        week_turn = by_turn_week.get((row.employee_id, row.day - timedelta(days=row.day.weekday())))
        text = [f"{row.channel.title()} on the {shift.name.lower()} shift."]
        channel = channels.get(row.channel)
        if channel is not None and channel.description:
            text.append(channel.description)
        if row.mentor_id:
            text.append(f"Your mentor: {employees[row.mentor_id].name}.")
        mentees = mentees_of.get((row.employee_id, row.day, row.shift_template_id))
        if mentees:
            text.append("You mentor: " + ", ".join(employees[m].name for m in mentees) + ".")
        if tool:
            text.append(f"Where to log in: {tool}")
        if (
            week_turn is not None
            and last_day_of_week.get((row.employee_id, week_turn.week_start)) == row.day
            and week_turn.block == week_turn.turn_weeks
        ):
            text.append("Last shift of this rotation: please log what you learned.")
        text.append(_links(week_turn))
        wanted.append(
            Wanted(
                uid=f"shift-{row.employee_id}-{row.day:%Y%m%d}-{row.shift_template_id}@rota",
                kind="shift",
                employee_id=person.id,
                department_id=person.department_id,
                turn_id=week_turn.id if week_turn else None,
                all_day=False,
                first_day=row.day,
                last_day=row.day,
                start_local=datetime.combine(row.day, shift.start_time),
                end_local=datetime.combine(row.day, shift.end_time),
                tzid=shift.timezone,
                summary=f"Support: {row.channel} — {shift.name}",
                description="\n".join(text),
                transparent=False,
            )
        )
    by_slot: dict[tuple[date, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_slot[(row.day, row.shift_template_id)][row.channel].append(
            employees[row.employee_id].name
        )
    for (day, shift_id), staff in by_slot.items():
        shift = shifts[shift_id]
        count = sum(len(v) for v in staff.values())
        wanted.append(
            Wanted(
                uid=f"line-{day:%Y%m%d}-{shift_id}@rota",
                kind="line",
                employee_id=None,
                department_id=None,
                turn_id=None,
                all_day=False,
                first_day=day,
                last_day=day,
                start_local=datetime.combine(day, shift.start_time),
                end_local=datetime.combine(day, shift.end_time),
                tzid=shift.timezone,
                summary=f"{shift.name} line: {count} people",
                description="\n".join(
                    f"{c}: {', '.join(sorted(n))}" for c, n in sorted(staff.items())
                ),
                transparent=True,
            )
        )
    return wanted


def sync_events(*, session: Session) -> int:
    """Bring stored events in line with the published schedule; returns how many changed."""
    schedule = session.exec(
        select(Schedule).where(Schedule.status == ScheduleStatus.published.value)
    ).first()
    wanted = {w.uid: w for w in (wanted_events(session, schedule) if schedule else [])}
    stored = {e.uid: e for e in session.exec(select(CalendarEvent)).all()}
    now = utcnow()
    changed = 0
    for uid, want in wanted.items():
        digest = want.digest()
        event = stored.get(uid)
        if event is not None and event.content_hash == digest and event.status == "CONFIRMED":
            continue
        fields = {k: v for k, v in want.__dict__.items()}
        if event is None:
            event = CalendarEvent(**fields, content_hash=digest, created_at=now, updated_at=now)
        else:
            event.sqlmodel_update(fields)
            event.content_hash = digest
            event.sequence += 1
            event.status = "CONFIRMED"
            event.cancelled_at = None
            event.updated_at = now
        event.ics = _to_vevent(event, None, {}).to_ical().decode()
        session.add(event)
        changed += 1
    for uid, event in stored.items():
        if uid in wanted:
            continue
        if event.status == "CONFIRMED":
            event.status = "CANCELLED"
            event.sequence += 1
            event.cancelled_at = now
            event.updated_at = now
            event.ics = _to_vevent(event, None, {}).to_ical().decode()
            session.add(event)
            changed += 1
        elif event.cancelled_at and _aware(event.cancelled_at) < now - KEEP_CANCELLED:
            session.delete(event)
    session.flush()
    return changed


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- Rendering ----------------------------------------------------------------------------------


def _feed_query(feed: FeedToken, today: date):  # type: ignore[no-untyped-def]
    cutoff = utcnow() - KEEP_CANCELLED
    query = select(CalendarEvent).where(
        col(CalendarEvent.last_day) >= today - KEEP_PAST,
        or_(col(CalendarEvent.status) == "CONFIRMED", col(CalendarEvent.cancelled_at) >= cutoff),
    )
    if feed.kind == FeedKind.employee.value:
        return query.where(
            CalendarEvent.employee_id == feed.owner_id,
            col(CalendarEvent.kind).in_(["block", "shift"]),
        )
    if feed.kind == FeedKind.department.value:
        return query.where(
            CalendarEvent.department_id == feed.owner_id, CalendarEvent.kind == "block"
        )
    return query.where(CalendarEvent.kind == "line")


def feed_version(*, session: Session, feed: FeedToken, today: date) -> tuple[str, datetime]:
    """ETag and Last-Modified from one aggregate query: a 304 never renders the feed."""
    query = _feed_query(feed, today).with_only_columns(
        func.count(), func.max(CalendarEvent.updated_at)
    )
    count, latest = session.execute(query).one()
    latest = _aware(latest) if latest else _aware(feed.created_at)
    names = ""
    if feed.kind == FeedKind.department.value:  # its summaries carry people's names
        names = str(
            session.execute(
                select(func.max(Employee.updated_at)).where(Employee.department_id == feed.owner_id)
            ).scalar()
        )
    version = f"{FORMAT}:{feed.id}:{count}:{latest.isoformat()}:{names}"
    tag = hashlib.sha256(version.encode()).hexdigest()
    return f'"{tag[:32]}"', latest.replace(microsecond=0)


_rendered: OrderedDict[str, bytes] = OrderedDict()
RENDERED_MAX = 4096  # feeds kept per process; a feed's ETag names exactly one body


def cached_feed(*, session: Session, feed: FeedToken, today: date, etag: str) -> bytes:
    """Clients poll unchanged feeds all day: serve the body rendered for this ETag."""
    body = _rendered.get(etag)
    if body is None:
        body = render_feed(session=session, feed=feed, today=today)
        _rendered[etag] = body
        if len(_rendered) > RENDERED_MAX:
            _rendered.popitem(last=False)
    else:
        _rendered.move_to_end(etag)
    return body


def render_feed(*, session: Session, feed: FeedToken, today: date) -> bytes:
    events = session.exec(
        _feed_query(feed, today).order_by(col(CalendarEvent.first_day), col(CalendarEvent.uid))
    ).all()
    names: dict[int | None, str] = {}
    if feed.kind == FeedKind.department.value:
        names = {
            e.id: e.name
            for e in session.exec(
                select(Employee).where(Employee.department_id == feed.owner_id)
            ).all()
        }
    else:
        return _assemble(session, feed, events)
    calendar = _header(session, feed)
    for event in events:
        calendar.add_component(_to_vevent(event, feed, names))
    if events:
        # Transitions a year either side: clients that cache a zone by TZID stay right.
        calendar.add_missing_timezones(
            first_date=min(e.first_day for e in events) - timedelta(days=366),
            last_date=max(e.last_day for e in events) + timedelta(days=366),
        )
    return calendar.to_ical()


def _header(session: Session, feed: FeedToken) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Rota//Support rotations//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _title(session, feed))
    calendar.add("refresh-interval", timedelta(hours=4), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", timedelta(hours=4))
    return calendar


def _assemble(session: Session, feed: FeedToken, events: list[CalendarEvent]) -> bytes:
    """Header, time zones and the stored VEVENTs, without re-serialising each event."""
    header = _header(session, feed).to_ical().decode()
    head, _, tail = header.rpartition("END:VCALENDAR")
    zones = sorted({e.tzid for e in events if e.tzid})
    parts = [head]
    if events:
        first = min(e.first_day for e in events) - timedelta(days=366)
        last = max(e.last_day for e in events) + timedelta(days=366)
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


def render_turn(*, session: Session, turn_id: int, actor: User) -> bytes:
    """A one-off .ics with one turn's block and shifts."""
    turn = session.get(ScheduleTurn, turn_id)
    if turn is None:
        raise NotFound(f"Turn {turn_id} does not exist.")
    if not is_hr(actor) and actor.employee_id != turn.employee_id:
        raise Forbidden("You can download only your own turns.")
    events = session.exec(
        select(CalendarEvent).where(
            CalendarEvent.turn_id == turn_id,
            CalendarEvent.status == "CONFIRMED",
            col(CalendarEvent.kind).in_(["block", "shift"]),
        )
    ).all()
    if not events:
        raise NotFound("That turn is not in the published schedule.")
    calendar = Calendar()
    calendar.add("prodid", "-//Rota//Support rotations//EN")
    calendar.add("version", "2.0")
    feed = FeedToken(kind=FeedKind.employee.value, owner_id=turn.employee_id, nonce="")
    for event in events:
        calendar.add_component(_to_vevent(event, feed, {}))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _title(session: Session, feed: FeedToken) -> str:
    if feed.kind == FeedKind.employee.value:
        person = session.get(Employee, feed.owner_id)
        return f"Support rotation — {person.name if person else ''}".strip(" —")
    if feed.kind == FeedKind.department.value:
        dept = session.get(Department, feed.owner_id)
        return f"Support rotation — {dept.name if dept else 'department'}"
    return "Support line"


def _to_vevent(event: CalendarEvent, feed: FeedToken | None, names: dict[int | None, str]) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _aware(event.updated_at))
    vevent.add("last-modified", _aware(event.updated_at))
    vevent.add("created", _aware(event.created_at))
    vevent.add("sequence", event.sequence)
    vevent.add("status", event.status)
    summary = event.summary
    if feed is not None and feed.kind == FeedKind.department.value and event.employee_id in names:
        summary = f"{names[event.employee_id]}: {summary}"
    vevent.add("summary", summary)
    if event.description:
        vevent.add("description", event.description)
    if event.all_day:
        vevent.add("dtstart", event.first_day)
        vevent.add("dtend", event.last_day + timedelta(days=1))
    else:
        zone = ZoneInfo(event.tzid or "UTC")
        assert event.start_local is not None and event.end_local is not None
        vevent.add("dtstart", event.start_local.replace(tzinfo=zone))
        vevent.add("dtend", event.end_local.replace(tzinfo=zone))
    vevent.add("transp", "TRANSPARENT" if event.transparent else "OPAQUE")
    return vevent
