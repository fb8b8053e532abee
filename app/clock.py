"""Today and week arithmetic, in one place: every "this week", "next Monday" and "has it
started" in the service asks here (tests move today by patching `clock.today`)."""

from datetime import UTC, date, datetime, timedelta


def utcnow() -> datetime:
    """The current instant, in UTC: what every stored timestamp records."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored instant as UTC (SQLite hands timestamps back without their zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def today() -> date:
    """The current date; one place to change for tests and what-if planning."""
    return date.today()


def monday(day: date) -> date:
    """The Monday of a day's week: turns, feeds and scopes all count in these weeks."""
    return day - timedelta(days=day.weekday())


def next_monday(day: date) -> date:
    """The first Monday after a day (a day that is a Monday gives the following one)."""
    return monday(day) + timedelta(weeks=1)
