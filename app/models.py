"""Every domain's tables, imported in one place for Alembic and relationships."""

from sqlmodel import SQLModel

from app.auth.models import ApiToken, User
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.people.models import Department, Employee, TimeOff
from app.rules.models import RotationRule, RotationSettings

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "Channel",
    "CoverageNeed",
    "Department",
    "Employee",
    "RotationRule",
    "RotationSettings",
    "ShiftTemplate",
    "TimeOff",
    "User",
    "metadata",
]
