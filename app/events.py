"""Domain events: a service says what changed, inside its transaction; the domains that care
subscribe. This keeps calendars, swaps and notifications from being called by hand (and
forgotten) after some changes but not others."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session

from app import clock


@dataclass(frozen=True)
class ScheduleChanged:
    """The published schedule, or something it shows (a person, a department, a shift's
    hours), changed. `weeks` are the Mondays touched; None means every week. `employee_ids`
    are the people concerned; a subscriber widens None weeks to the weeks they appear in."""

    employee_ids: frozenset[int] | None = None
    weeks: frozenset[date] | None = None
    reason: str = ""
    shift_template_ids: frozenset[int] | None = None  # a shift's hours or name changed
    # For an edit of people: the fields that changed (None: unknown, assume anything did).
    fields: frozenset[str] | None = None

    @classmethod
    def for_days(
        cls, employee_ids: Iterable[int], days: Iterable[date], reason: str = ""
    ) -> "ScheduleChanged":
        return cls(frozenset(employee_ids), frozenset(clock.monday(d) for d in days), reason)

    @classmethod
    def for_people(
        cls, employee_ids: Iterable[int], reason: str = "", fields: Iterable[str] | None = None
    ) -> "ScheduleChanged":
        changed = frozenset(fields) if fields is not None else None
        return cls(frozenset(employee_ids), None, reason, fields=changed)

    @classmethod
    def for_shift(cls, shift_template_id: int, reason: str = "") -> "ScheduleChanged":
        return cls(reason=reason, shift_template_ids=frozenset({shift_template_id}))


@dataclass(frozen=True)
class SchedulePublished:
    """A schedule became the published one; `previous_id` is the one it replaced."""

    schedule_id: int
    previous_id: int | None


@dataclass(frozen=True)
class AbsenceChanged:
    """Time off came, moved or went without a person entering it (a subscribed calendar);
    `first_day`–`last_day` span the days before and after. `key` names this change once."""

    employee_id: int
    first_day: date
    last_day: date
    change: str  # added | moved | removed
    source: str
    key: str


@dataclass(frozen=True)
class LearningDone:
    """A learning was marked done: its fix shipped on `fixed_on`."""

    learning_id: int
    fixed_on: date


@dataclass(frozen=True)
class SolveQueued:
    """A solve or re-plan job was created; the queue picks it up once the job is committed."""

    job_id: int


@dataclass(frozen=True)
class SwapChanged:
    """A swap offer moved to a new status (offered, taken, approved, rejected, undone…)."""

    swap_id: int
    status: str


@dataclass(frozen=True)
class CoverChanged:
    """A cover request took a step: asked (or a new wave), reminded, taken, pending, approved,
    rejected, given_back, cancelled, uncovered (HR is told) or closed; proposed (taken in
    return for a turn of the taker's) and declined (that trade). `employee_ids` are the
    colleagues this step asks or reminds, or (rejected, declined) the one whose take ended."""

    request_id: int
    step: str
    employee_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class SignInLinksMade:
    """Invitations (one-time sign-in links) were made, one per employee: one event for all
    the links one write made (a file or a directory that brings in hundreds of new hires)."""

    link_ids: tuple[int, ...]


@dataclass(frozen=True)
class EmployeesCreated:
    """People joined (by hand, by CSV or from the directory): one event for all the people
    one write created, so what follows (invitations) is done for them together."""

    employee_ids: tuple[int, ...]


@dataclass(frozen=True)
class LeavingDateSet:
    """A known leaving date was set or moved earlier (by hand, CSV or the directory): turns
    after it must be released; the person and HR hear of those on the published plan."""

    employee_id: int
    last_day: date


@dataclass(frozen=True)
class DepartmentMoved:
    """A move recorded ahead was made on its day: the person and HR hear which published
    weeks after it were planned for the old department."""

    employee_id: int
    from_department_id: int
    to_department_id: int
    on: date


@dataclass(frozen=True)
class EmployeeDeactivated:
    """Someone left: whatever lets them in (sessions, tokens, feed links) ends at once."""

    employee_id: int


@dataclass(frozen=True)
class DepartmentRemoving:
    """A department is about to be deleted (no domain objected: see
    people.questions.against_deleting_department); what hangs off it goes with it."""

    department_id: int
    name: str


@dataclass(frozen=True)
class ChannelRenamed:
    """A channel has a new name; the seats that refer to it (by id) show it from now on."""

    channel_id: int
    name: str


@dataclass(frozen=True)
class ChannelRemoving:
    """A channel is about to be deleted; what hangs off it in other domains (its staffing
    target) goes with it, in the same transaction."""

    channel_id: int


E = TypeVar("E")
Handler = Callable[[Session, Any], None]
_handlers: dict[type, list[Handler]] = defaultdict(list)


def on(event_type: type[E]) -> Callable[[Callable[[Session, E], None]], Handler]:
    """Subscribe a function to an event type; it runs inside the emitting transaction."""

    def register(handler: Callable[[Session, E], None]) -> Callable[[Session, E], None]:
        if handler not in _handlers[event_type]:
            _handlers[event_type].append(handler)
        return handler

    return register


def emit(session: Session, event: object) -> None:
    """Deliver an event to its subscribers now, in the caller's transaction: if a subscriber
    fails, the change that caused the event is rolled back with it."""
    handlers = list(_handlers[type(event)])
    if not handlers:
        # An entry point that forgot `import app.subscribers` would change the schedule and
        # leave feeds and swaps behind without a word: refuse instead.
        raise RuntimeError(f"No subscriber is registered for {type(event).__name__}.")
    session.flush()
    for handler in handlers:
        handler(session, event)
