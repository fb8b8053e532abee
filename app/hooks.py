"""Questions a lower layer asks and a higher layer answers, so imports point one way.

A domain declares the question next to the page that needs it (the people list wants each
person's last and next turn, which schedules knows); the domain that knows answers it with
`@question.answer` when it is imported (`app.subscribers` imports every answer). Asking a question
nobody answered is a wiring fault and raises, rather than quietly showing nothing.

`Objections` is the many-answer kind, for a veto: before people delete a department they ask
every domain that registered an objection (learning still routes learnings there) and refuse
with all the reasons, an explicit call instead of an exception raised inside an event.
"""

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Unanswered(RuntimeError):
    """A question was asked before any module answered it."""


class Question(Generic[P, R]):
    def __init__(self, what: str) -> None:
        self.what = what
        self._answer: Callable[P, R] | None = None

    @property
    def answered(self) -> bool:
        return self._answer is not None

    def answer(self, function: Callable[P, R]) -> Callable[P, R]:
        """Register `function` as the answer; it stays callable under its own name."""
        if self._answer is not None and self._answer is not function:
            raise RuntimeError(f"{self.what}: answered twice")
        self._answer = function
        return function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._answer is None:
            raise Unanswered(f"Nobody answers: {self.what}")
        return self._answer(*args, **kwargs)


def asked(shape: Callable[P, R]) -> Question[P, R]:
    """Declare a question by its signature and docstring. The body is never run (it raises
    Unanswered, as calling the declaration instead of its answer would be a wiring fault)."""
    return Question[P, R](f"{shape.__module__}.{shape.__name__}")


class Objections(Generic[P]):
    """Reasons several domains may give against an act; each says None when it has none."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._objections: list[Callable[P, str | None]] = []

    def register(self, function: Callable[P, str | None]) -> Callable[P, str | None]:
        if function not in self._objections:
            self._objections.append(function)
        return function

    @property
    def registered(self) -> int:
        return len(self._objections)

    def collect(self, *args: P.args, **kwargs: P.kwargs) -> list[str]:
        found = (objection(*args, **kwargs) for objection in self._objections)
        return [reason for reason in found if reason]


def objections(shape: Callable[P, str | None]) -> Objections[P]:
    """Declare an objection point by its signature and docstring (the body is never run)."""
    return Objections[P](f"{shape.__module__}.{shape.__name__}")
