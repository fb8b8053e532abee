"""Whom a login belongs to. A login may belong to an employee record, which lives in the
people domain above this one; that domain answers, through the one function it registers
here, whether an employee exists and is still with the company. Until it has registered,
no login that belongs to an employee may sign in (closed, not open)."""

from collections.abc import Callable

from sqlmodel import Session

# None: no such employee; False: they left; True: with the company.
EmployeeState = Callable[[Session, int], bool | None]
_state: list[EmployeeState] = []


def register(state: EmployeeState) -> EmployeeState:
    _state[:] = [state]
    return state


def employee_state(session: Session, employee_id: int) -> bool | None:
    if not _state:
        return False  # nobody told auth about employees: refuse rather than guess
    return _state[0](session, employee_id)
