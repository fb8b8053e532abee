"""Every domain's event subscribers, registered by being imported. Each entry point (the web
app, the worker, the command line) imports this module once."""

from app.calendars import subscribers as calendar_subscribers
from app.identity import subscribers as identity_subscribers
from app.learning import subscribers as learning_subscribers
from app.notifications import subscribers as notification_subscribers
from app.people import login_holders
from app.schedules import queue_subscribers, swap_upkeep
from app.staffing import subscribers as staffing_subscribers

__all__ = [
    "identity_subscribers",
    "calendar_subscribers",
    "learning_subscribers",
    "login_holders",
    "notification_subscribers",
    "queue_subscribers",
    "staffing_subscribers",
    "swap_upkeep",
]
