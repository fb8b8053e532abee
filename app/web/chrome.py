"""Counts the page chrome shows beside the menu (swap offers a person could take), asked
of the domains that registered them, so the page kernel imports no domain."""

from collections.abc import Callable

from sqlmodel import Session

from app.auth.models import User

Counter = Callable[[Session, User], int]
_counters: dict[str, Counter] = {}


def counter(name: str) -> Callable[[Counter], Counter]:
    """Register `name`'s counter; a domain's pages module does this when it is imported."""

    def register(function: Counter) -> Counter:
        _counters[name] = function
        return function

    return register


def counts(session: Session, user: User) -> dict[str, int]:
    return {name: count(session, user) for name, count in _counters.items()}
