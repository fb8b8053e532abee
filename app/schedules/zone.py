"""The zone a signed-in person reads times in: their own, else the support line's."""

from sqlmodel import Session

from app.people.models import Employee
from app.rules.service import get_rotation_settings
from app.web.deps import Viewer


def viewer_zone(session: Session, viewer: Viewer | None) -> str:
    person = session.get(Employee, viewer.employee_id) if viewer and viewer.employee_id else None
    return person.timezone if person else get_rotation_settings(session=session).support_timezone
