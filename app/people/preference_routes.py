"""REST: the weeks a person would rather avoid on the line, or would like, and the hours of
the day they prefer or would rather not work (their own, or anyone's for HR)."""

from fastapi import APIRouter, Response

from app import clock
from app.auth.deps import CurrentUser
from app.auth.scope import require_own
from app.db import SessionDep
from app.people import preferences
from app.people.preference_models import (
    HourPreferences,
    WeekPreferencePublic,
    WeekPreferenceSet,
)
from app.validation import Day

router = APIRouter(tags=["employees"])
NOT_YOURS = "Employees see and set only their own preferences."


def _public(row: object) -> WeekPreferencePublic:
    return WeekPreferencePublic.model_validate(row, from_attributes=True)


@router.get("/employees/{employee_id}/week-preferences")
def list_week_preferences(
    employee_id: int, session: SessionDep, user: CurrentUser
) -> list[WeekPreferencePublic]:
    """Weeks from this one on that the person asked to avoid or would like."""
    require_own(user, employee_id, NOT_YOURS)
    rows = preferences.week_preferences(
        session=session, employee_id=employee_id, today=clock.today()
    )
    return [_public(r) for r in rows]


@router.put("/employees/{employee_id}/week-preferences/{week_start}")
def set_week_preference(
    employee_id: int,
    week_start: Day,
    data: WeekPreferenceSet,
    session: SessionDep,
    user: CurrentUser,
) -> WeekPreferencePublic:
    require_own(user, employee_id, NOT_YOURS)
    row = preferences.set_week_preference(
        session=session,
        employee_id=employee_id,
        week_start=week_start,
        data=data,
        today=clock.today(),
    )
    return _public(row)


@router.delete("/employees/{employee_id}/week-preferences/{week_start}", status_code=204)
def remove_week_preference(
    employee_id: int, week_start: Day, session: SessionDep, user: CurrentUser
) -> Response:
    require_own(user, employee_id, NOT_YOURS)
    preferences.remove_week_preference(
        session=session, employee_id=employee_id, week_start=week_start
    )
    return Response(status_code=204)


@router.get("/employees/{employee_id}/hour-preferences")
def read_hour_preferences(
    employee_id: int, session: SessionDep, user: CurrentUser
) -> HourPreferences:
    require_own(user, employee_id, NOT_YOURS)
    return preferences.hour_preferences(session=session, employee_id=employee_id)


@router.put("/employees/{employee_id}/hour-preferences")
def set_hour_preferences(
    employee_id: int, data: HourPreferences, session: SessionDep, user: CurrentUser
) -> HourPreferences:
    """Both lists replaced; an empty object clears them. Soft: the line's needs come first."""
    require_own(user, employee_id, NOT_YOURS)
    return preferences.set_hour_preferences(
        session=session, employee_id=employee_id, data=data, actor=user
    )
