"""A person's working week written as people write it: "Mon-Fri", "Sun-Thu" for the days and
"Sat 10:00-18:00; Sun 22:00-03:00" for hours that differ by weekday (the schema's types read
both these and numbers), and the one rule for a day's hours."""

from datetime import time

from app.validation import DAYS


def format_workdays(days: list[int]) -> str:
    """[0, 1, 2, 3, 4] → "Mon-Fri"; runs are joined, wrapping past Sunday."""
    chosen = sorted(set(days))
    if len(chosen) == 7:
        return "Mon-Sun"
    # Start a run where the day before is not worked, so Sun-Thu reads as one run.
    starts = [d for d in chosen if (d - 1) % 7 not in chosen]
    runs = []
    for first in starts:
        last = first
        while (last + 1) % 7 in chosen:
            last = (last + 1) % 7
        name = DAYS[first].title()
        runs.append(name if last == first else f"{name}-{DAYS[last].title()}")
    return ", ".join(runs)


def format_day_hours(hours: dict[str, str]) -> str:
    return "; ".join(f"{DAYS[int(d)].title()} {h}" for d, h in sorted(hours.items()))


def hours_problem(start: time, end: time) -> str | None:
    """The one rule for a working day's hours: they may run past midnight, not be empty."""
    if start == end:
        return "working hours end when they start (an end before the start runs past midnight)"
    return None
