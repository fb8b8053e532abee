"""The fast VEVENT writer and icalendar's component agree byte for byte, whatever the text
(escapes, long lines, any script), the zone or the kind of event."""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendars import render
from app.calendars.models import CalendarEvent
from app.calendars.vevent import to_vevent, vevent_text

ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC", None]
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(',;\\\n\r:^"ab'),
    max_size=400,
)


@st.composite
def events(draw) -> CalendarEvent:  # type: ignore[no-untyped-def]
    first = draw(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
    start = datetime.combine(first, draw(st.times(time(0), time(20))).replace(microsecond=0))
    made = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=draw(st.integers(0, 10**8)))
    return CalendarEvent(
        uid=draw(st.from_regex(r"[a-z0-9:@.-]{1,90}", fullmatch=True)),
        kind=draw(st.sampled_from(["block", "shift", "line"])),
        all_day=draw(st.booleans()),
        first_day=first,
        last_day=first + timedelta(days=draw(st.integers(0, 6))),
        start_local=start,
        end_local=start + timedelta(minutes=draw(st.integers(30, 600))),
        tzid=draw(st.sampled_from(ZONES)),
        summary=draw(TEXT),
        description=draw(TEXT),
        transparent=draw(st.booleans()),
        content_hash="x",
        sequence=draw(st.integers(0, 500)),
        status=draw(st.sampled_from(["CONFIRMED", "CANCELLED"])),
        created_at=made,
        updated_at=made + timedelta(microseconds=draw(st.integers(0, 10**12))),
    )


@settings(max_examples=300, deadline=None)
@given(event=events(), prefix=st.sampled_from(["", "Ann Example: ", "Zoë, Ops; 2: "]))
def test_the_text_writer_matches_icalendar(event: CalendarEvent, prefix: str) -> None:
    assert vevent_text(event, prefix) == to_vevent(event, prefix).to_ical().decode()


def test_long_lines_in_any_script_fold_the_same() -> None:
    made = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    event = CalendarEvent(
        uid="turn-17-2027-01-11@rota",
        kind="shift",
        first_day=date(2027, 1, 11),
        last_day=date(2027, 1, 11),
        start_local=datetime(2027, 1, 11, 9),
        end_local=datetime(2027, 1, 11, 13),
        tzid="Europe/Berlin",
        summary="Support: 電話 — Morgenschicht, Kunden aus Köln; " * 3,
        description="Ask for a swap: https://rota.example.com/swaps/new?turn=abc\n" * 4 + "é" * 90,
        content_hash="x",
        created_at=made,
        updated_at=made,
    )
    text = vevent_text(event)
    assert "\r\n " in text  # folded
    assert text == to_vevent(event).to_ical().decode()


def test_the_fold_boundary_is_the_same_in_octets() -> None:
    made = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    for length in range(60, 82):
        for filler in ("a", "é", "電", "\\", "^", ";"):
            summary = ("x" * length)[:-3] + filler * 3
            event = CalendarEvent(
                uid="u@rota",
                kind="block",
                all_day=True,
                first_day=date(2027, 1, 11),
                last_day=date(2027, 1, 15),
                summary=summary,
                content_hash="x",
                created_at=made,
                updated_at=made,
            )
            assert vevent_text(event) == to_vevent(event).to_ical().decode(), (length, filler)


@settings(max_examples=200, deadline=None)
@given(name=TEXT)
def test_a_feed_header_matches_icalendar_whatever_the_name(name: str) -> None:
    title = f"Support rotation — {name}"
    written = render._header(title).to_ical().decode().rpartition("END:VCALENDAR")[0]
    assert render._header_text(title) == written
