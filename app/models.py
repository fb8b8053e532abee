"""Every domain's tables, imported in one place for Alembic and relationships."""

from sqlmodel import SQLModel

from app.audit import AuditEntry
from app.auth.models import ApiToken, User
from app.calendars.models import CalendarEvent, FeedToken
from app.cover.models import CoverAsk, CoverRequest
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.demand.models import (
    Contact,
    ContactSlot,
    ContactTagWeek,
    ContactWait,
    ContactWeek,
    ContactZone,
    DemandEvent,
    ProductAreaTag,
)
from app.learning.models import Learning, StatusChange
from app.notifications.models import ChatWebhook, Notification, Preference
from app.people.models import Department, Employee, TimeOff
from app.people.preference_models import WeekPreference
from app.rules.mentor_pairs import MentorPair
from app.rules.mentor_pool import MentorPoolEntry
from app.rules.models import RotationRule, RotationSettings
from app.schedules.models import (
    ChangeLog,
    GapAcknowledgement,
    Schedule,
    ScheduleGap,
    ScheduleShift,
    ScheduleTurn,
    SolveJob,
)
from app.staffing.models import ChannelTarget
from app.swaps.models import SwapRequest

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "AuditEntry",
    "CalendarEvent",
    "FeedToken",
    "ChangeLog",
    "GapAcknowledgement",
    "Schedule",
    "ScheduleGap",
    "ScheduleShift",
    "ScheduleTurn",
    "SolveJob",
    "SwapRequest",
    "MentorPair",
    "MentorPoolEntry",
    "CoverAsk",
    "CoverRequest",
    "Channel",
    "CoverageNeed",
    "Department",
    "Learning",
    "ChannelTarget",
    "Contact",
    "ContactSlot",
    "ContactWait",
    "ContactWeek",
    "ContactZone",
    "DemandEvent",
    "ContactTagWeek",
    "ProductAreaTag",
    "ChatWebhook",
    "Notification",
    "Preference",
    "StatusChange",
    "Employee",
    "RotationRule",
    "RotationSettings",
    "ShiftTemplate",
    "TimeOff",
    "WeekPreference",
    "User",
    "metadata",
]
