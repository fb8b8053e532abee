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
