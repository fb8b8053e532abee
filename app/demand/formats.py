"""How help-desk exports name things, and how their values read. Every format also accepts
the generic column names, and headers match whatever their case or spacing."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import available_timezones

Reader = Callable[[str], object]

GENERIC = {
    "id": "id",
    "channel": "channel",
    "created_at": "created_at",
    "first_response_at": "first_response_at",
    "relief_at": "relief_at",
    "solved_at": "solved_at",
    "reopened": "reopened",
    "customer_timezone": "customer_timezone",
    "customer_country": "customer_country",
    "assignee_email": "assignee_email",
    "satisfaction": "satisfaction",
    "tags": "tags",
}

# Export column → field. "first_response_minutes" and the like are durations after creation.
FORMATS: dict[str, dict[str, str]] = {
    "generic": GENERIC,
    "zendesk": {
        "id": "id",
        "via": "channel",
        "created at": "created_at",
        "first reply time in minutes": "first_response_minutes",
        "full resolution time in minutes": "resolution_minutes",
        "solved at": "solved_at",
        "reopens": "reopened",
        "assignee email": "assignee_email",
        "satisfaction score": "satisfaction",
        "tags": "tags",
        "requester time zone": "customer_timezone",
    },
    "freshdesk": {
        "ticket id": "id",
        "source": "channel",
        "created time": "created_at",
        "first response time (in hrs)": "first_response_hours",
        "resolution time (in hrs)": "resolution_hours",
        "resolved time": "solved_at",
        "agent email": "assignee_email",
        "customer satisfaction": "satisfaction",
        "tags": "tags",
        "time zone": "customer_timezone",
        "country": "customer_country",
    },
    "helpscout": {
        "conversation id": "id",
        "type": "channel",
        "created at": "created_at",
        "first response at": "first_response_at",
        "closed at": "solved_at",
        "assignee email": "assignee_email",
        "customer rating": "satisfaction",
        "tags": "tags",
        "customer country": "customer_country",
    },
    "intercom": {
        "conversation id": "id",
        "channel": "channel",
        "created at": "created_at",
        "first response at": "first_response_at",
        "closed at": "solved_at",
        "assignee email": "assignee_email",
        "conversation rating": "satisfaction",
        "tags": "tags",
        "user timezone": "customer_timezone",
        "user country": "customer_country",
    },
}

CHANNELS = {
    "phone": "phone",
    "voice": "phone",
    "call": "phone",
    "talk": "phone",
    "chat": "chat",
    "messaging": "chat",
    "messenger": "chat",
    "chat widget": "chat",
    "native_messaging": "chat",
    "email": "email",
    "mail": "email",
    "web": "email",
    "web form": "email",
    "portal": "email",
}
RATINGS = {
    "good": 1.0,
    "great": 1.0,
    "bad": 0.0,
    "not good": 0.0,
    "okay": 0.5,
    "offered": None,
    "unoffered": None,
    "not offered": None,
}
TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f", ""}


def header_map(kind: str, headers: list[str]) -> dict[int, str]:
    """Column index → field, for the columns this format knows."""
    names = {**GENERIC, **FORMATS[kind]}
    found: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = " ".join(header.strip().lower().replace("\ufeff", "").split())
        if key in names:
            found[index] = names[key]
    return found


def instant(value: str) -> datetime:
    """ISO 8601 (or "YYYY-MM-DD HH:MM:SS +0100") with an offset; kept in UTC."""
    text = value.strip().replace("Z", "+00:00")
    if len(text) > 6 and text[-5] in "+-" and text[-3] != ":" and text[-6] == " ":
        text = f"{text[:-6]}{text[-5:-2]}:{text[-2:]}"  # "... +0100" → "...+01:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("needs a UTC offset, such as 2027-03-01T09:30:00+01:00")
    return moment.astimezone(UTC)


def slot_of_week(moment: datetime) -> int:
    """The UTC half hour of the week: 0 is Monday 00:00–00:30 UTC, 335 Sunday 23:30."""
    utc = moment.astimezone(UTC)
    return utc.weekday() * 48 + utc.hour * 2 + utc.minute // 30


# Help desks built on Rails (Zendesk among them) name zones the Rails way.
RAILS_ZONES = {
    "eastern time (us & canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    "arizona": "America/Phoenix",
    "utc": "UTC",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "brasilia": "America/Sao_Paulo",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "mexico city": "America/Mexico_City",
    "osaka": "Asia/Tokyo",
    "wellington": "Pacific/Auckland",
}
ZONE_REGIONS = ("Europe", "America", "Asia", "Australia", "Africa", "Pacific")


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def iana_zone(value: str | None) -> str | None:
    """An IANA zone name for what an export calls the customer's zone, or None."""
    text = (value or "").strip()
    if not text:
        return None
    if text in _known_zones():
        return text
    if text.lower() in RAILS_ZONES:
        return RAILS_ZONES[text.lower()]
    city = text.replace(" ", "_")
    return next((f"{r}/{city}" for r in ZONE_REGIONS if f"{r}/{city}" in _known_zones()), None)


def after(created: datetime, value: str, unit_s: float) -> datetime:
    amount = float(value)
    if amount < 0:
        raise ValueError("cannot be negative")
    return created + timedelta(seconds=amount * unit_s)


def channel(value: str) -> str:
    text = value.strip().lower()
    if not text:
        raise ValueError("is empty")
    return CHANNELS.get(text, text[:40])


def reopened(value: str) -> bool:
    text = value.strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    return int(text) > 0  # a count of reopens


def satisfaction(value: str) -> float | None:
    """0 (bad) … 1 (good), from good/bad words, a 1–5 rating, a percentage or a fraction."""
    text = value.strip().lower()
    if not text or text in RATINGS:
        return RATINGS.get(text)
    score = float(text.rstrip("%"))
    if text.endswith("%") or score > 5:
        if not 0 <= score <= 100:
            raise ValueError("a percentage runs from 0 to 100")
        return score / 100
    if "." in text or score == 0:
        if score > 1:
            raise ValueError("write a fraction (0–1), a 1–5 rating or a percentage")
        return score
    if not 1 <= score <= 5:
        raise ValueError("a rating runs from 1 to 5")
    return (score - 1) / 4
