"""Field types and checks shared by several domains (time zones, skills, holiday calendars)."""

import re
import unicodedata
from datetime import date, datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

import holidays
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, WithJsonSchema


def _valid_timezone(value: str) -> str:
    if value not in _timezones():
        raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/Berlin")
    ZoneInfo(value)
    return value


_TZ_CACHE: set[str] = set()


def _timezones() -> set[str]:
    if not _TZ_CACHE:
        _TZ_CACHE.update(available_timezones())
    return _TZ_CACHE


def _normalise_skills(values: list[str]) -> list[str]:
    cleaned = []
    for value in values:
        skill = value.strip().lower()
        if not skill:
            continue
        if len(skill) > 40:
            raise ValueError(f"skill {skill[:20]!r}... is longer than 40 characters")
        if skill not in cleaned:
            cleaned.append(skill)
    return cleaned


def _single_line(value: str) -> str:
    """Names reach calendars, CSV exports and e-mail headers: no control characters at all."""
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        raise ValueError(f"must be one line of text without control characters (found {bad!r})")
    return value.strip()


def _plain_text(value: str) -> str:
    """Longer text may break lines and use tabs, but no other control character."""
    bad = next(
        (c for c in value if c not in "\n\r\t" and unicodedata.category(c) in ("Cc", "Zl", "Zp")),
        None,
    )
    if bad is not None:
        raise ValueError(f"must not contain control characters (found {bad!r})")
    return value


def normalize_email(value: str) -> str:
    """The one form of an email address for lookups, throttles and uniqueness: compatibility
    forms folded (NFKC turns a no-break space into a space), surrounding space gone, lower case."""
    return unicodedata.normalize("NFKC", value).strip().lower()


DB_INT_MAX = 2_147_483_647  # the largest id an integer column holds (PostgreSQL's int4)


def ascii_id(value: str) -> int | None:
    """A path reference that is an id: ASCII digits that fit a database integer, else None
    (str.isdigit() also says yes to "²" and "①", which int() then refuses)."""
    if value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= DB_INT_MAX:
        return int(value)
    return None


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _iso_day(value: object) -> object:
    """A date as an ISO day ("2027-03-01"): pydantic alone would also take 0 or "1700000000"
    as a Unix time, and a typo would quietly become a day in 1970."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("give a date as YYYY-MM-DD")


def _true_or_false(value: object) -> object:
    """true/false (or the words a form or query string sends); a number is not a yes or no."""
    if isinstance(value, bool | str):
        return value
    raise ValueError("give true or false")


def _not_true_or_false(value: object) -> object:
    """JSON true/false is not a number here (lax pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError("give a number, not true or false")
    return value


_ISO_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*", re.ASCII)


def _iso_instant(value: object) -> object:
    """An instant as ISO 8601 text with its offset; a bare number is not a time stamp here."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_INSTANT.fullmatch(value)):
        return value
    raise ValueError("give a date and time as YYYY-MM-DDTHH:MM with an offset, e.g. Z")


TimeZoneName = Annotated[str, AfterValidator(_valid_timezone)]
Line = Annotated[str, AfterValidator(_single_line)]
Day = Annotated[date, BeforeValidator(_iso_day)]
Flag = Annotated[bool, BeforeValidator(_true_or_false)]
Count = Annotated[int, BeforeValidator(_not_true_or_false)]
Number = Annotated[float, BeforeValidator(_not_true_or_false)]
Instant = Annotated[AwareDatetime, BeforeValidator(_iso_instant)]
Text = Annotated[str, AfterValidator(_plain_text)]
Skills = Annotated[list[str], AfterValidator(_normalise_skills)]


_LOCAL_TIME = re.compile(r"[0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?", re.ASCII)


def _local_time(value: object) -> object:
    """A wall-clock time as text ("09:00", "09:00:30") or a naive time; no offset and no
    number: the zone is a field of its own, and 0 is not a time of day."""
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, str) and _LOCAL_TIME.fullmatch(value):
        return value
    raise ValueError(
        "give a local time such as 09:00 or 17:30:00, without an offset "
        "(the time zone is its own field)"
    )


# A wall-clock time without a zone (the zone is a separate field). JSON Schema's "time" format
# demands an offset, so the schema says what the API really sends: "09:00:00".
LocalTime = Annotated[
    time,
    BeforeValidator(_local_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?$",
            "examples": ["09:00:00"],
        }
    ),
]


def holiday_calendar_problem(
    country: str | None, subdivision: str | None
) -> tuple[str, str] | None:
    """(field, message) when a public-holiday calendar does not exist; None when it does."""
    if not country:
        return None
    supported = holidays.list_supported_countries()
    if country.upper() not in supported:
        return "holiday_country", f"No public-holiday calendar for country {country!r}."
    if subdivision and subdivision not in supported[country.upper()]:
        return "holiday_subdivision", f"{country.upper()} has no subdivision {subdivision!r}."
    return None


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _day(text: str) -> int:
    word = text.strip().lower()[:3]
    if word.isdigit() and 0 <= int(word) <= 6:
        return int(word)
    if word not in DAYS:
        raise ValueError(f"{text.strip()!r} is not a weekday (Mon … Sun)")
    return DAYS.index(word)


def parse_workdays(text: str) -> list[int]:
    """ "Mon-Fri" → [0..4]; "Sun-Thu" wraps → [0, 1, 2, 3, 6]; "Mon, Wed" → [0, 2]."""
    days: set[int] = set()
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        if "-" in part or "–" in part:
            first, last = (_day(p) for p in part.replace("–", "-").split("-", 1))
            days.update((first + k) % 7 for k in range((last - first) % 7 + 1))
        else:
            days.add(_day(part))
    return sorted(days)


def _weekdays_text(value: object) -> object:
    return parse_workdays(value) if isinstance(value, str) else value


def _weekdays(value: list[int]) -> list[int]:
    if not value:
        raise ValueError("pick at least one weekday")
    if any(d < 0 or d > 6 for d in value):
        raise ValueError("weekdays run from 0 (Monday) to 6 (Sunday)")
    return sorted(set(value))


# Days of the week, 0 = Monday … 6 = Sunday (or text: "Mon-Fri", "Sun-Thu", "Mon, Wed");
# at least one, sorted, no repeats.
Weekdays = Annotated[list[Count], BeforeValidator(_weekdays_text), AfterValidator(_weekdays)]

_HOURS = re.compile(r"([0-2][0-9]:[0-5][0-9])-([0-2][0-9]:[0-5][0-9])", re.ASCII)


def parse_hours(text: str) -> tuple[time, time]:
    """ "22:00-03:00" → (22:00, 03:00); an end at or before the start runs past midnight."""
    found = _HOURS.fullmatch(text.strip().replace("–", "-").replace(" ", ""))
    if found is None:
        raise ValueError(f"give hours as 09:00-17:00 (or 22:00-03:00 past midnight), not {text!r}")
    start, end = (time.fromisoformat(part) for part in found.groups())
    if start == end:
        raise ValueError(f"hours {text!r} end when they start")
    return start, end


def _day_hours_text(value: object) -> object:
    """ "Sat 10:00-18:00; Sun 22:00-03:00" → {"5": "10:00-18:00", "6": "22:00-03:00"};
    weekday keys as numbers or words."""
    if isinstance(value, str):
        pairs = [part.strip().partition(" ")[::2] for part in value.split(";") if part.strip()]
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        return value
    return {str(_day(str(day))): hours for day, hours in pairs}


def _day_hours(value: dict[str, str]) -> dict[str, str]:
    out = {}
    for day, hours in sorted(value.items()):
        start, end = parse_hours(hours)
        out[day] = f"{start:%H:%M}-{end:%H:%M}"
    return out


# Working hours that differ by weekday: {"5": "10:00-18:00"} or "Sat 10:00-18:00" (Saturday,
# 0 = Monday); other working days keep the person's usual hours. Keys are text, as in JSON.
DayHours = Annotated[dict[str, str], BeforeValidator(_day_hours_text), AfterValidator(_day_hours)]
