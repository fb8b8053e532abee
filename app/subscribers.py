"""Every domain's event subscribers and answers to lower layers' questions (app.hooks),
registered by being imported. Each entry point (the web app, the worker, the command line)
imports this module once."""

from app.calendars import subscribers as calendar_subscribers
from app.calendars import time_off_tasks
from app.cover import follow_up as cover_answers
from app.identity import subscribers as identity_subscribers
from app.learning import subscribers as learning_subscribers
from app.notifications import subscribers as notification_subscribers
from app.people import login_holders
from app.privacy import tasks as privacy_tasks
from app.rules import service as rule_answers
from app.schedules import channel_names, queue_subscribers
from app.schedules import preview as preview_answers
from app.schedules import reports as report_answers
from app.staffing import subscribers as staffing_subscribers
from app.swaps import service as swap_answers
from app.swaps import upkeep as swap_upkeep

__all__ = [
    "channel_names",
    "cover_answers",
    "identity_subscribers",
    "calendar_subscribers",
    "learning_subscribers",
    "login_holders",
    "notification_subscribers",
    "preview_answers",
    "privacy_tasks",
    "queue_subscribers",
    "report_answers",
    "rule_answers",
    "staffing_subscribers",
    "swap_answers",
    "swap_upkeep",
    "time_off_tasks",
]
