"""Whose records a signed-in user may see and act on: the one ownership rule."""

from app.auth.models import Role, User
from app.errors import Forbidden


def is_hr(user: User) -> bool:
    return user.role in (Role.hr.value, Role.admin.value)


def visible_employee_ids(viewer: User) -> frozenset[int] | None:
    """None means every employee (HR/admin); an employee sees only themselves, and a login
    without an employee record sees nobody (an empty scope, never "no filter")."""
    if is_hr(viewer):
        return None
    return frozenset({viewer.employee_id}) if viewer.employee_id else frozenset()


def may_act_for(viewer: User, employee_id: int | None) -> bool:
    scope = visible_employee_ids(viewer)
    return scope is None or (employee_id is not None and employee_id in scope)


def require_own(viewer: User, employee_id: int | None, message: str) -> None:
    """Refuse (403) unless the viewer is HR or the employee in question."""
    if not may_act_for(viewer, employee_id):
        raise Forbidden(message)


def scoped_ids(viewer: User, asked: int | None, message: str) -> frozenset[int] | None:
    """The employees a list may show: the one asked for (403 unless the viewer may see them),
    otherwise everyone the viewer may see. None means no restriction (HR)."""
    scope = visible_employee_ids(viewer)
    if asked is None:
        return scope
    if scope is not None and asked not in scope:
        raise Forbidden(message)
    return frozenset({asked})


def acting_for(viewer: User, asked: int | None, message: str) -> int | None:
    """The employee a request is about: HR names anyone (or nobody); an employee is about
    themselves, by default or by name, and anyone else is refused (403)."""
    if is_hr(viewer):
        return asked
    target = asked if asked is not None else viewer.employee_id
    require_own(viewer, target, message)
    return target
