"""Back to the people: whoever raised a learning hears when its fix shipped, and again once
six weeks after it say what changed in the contacts (within their notification choices)."""

from datetime import timedelta

from sqlmodel import Session, col, select

from app import clock
from app.db import saved_id
from app.events import LearningDone
from app.impact.measure import MIN_AFTER, WINDOW_WEEKS
from app.impact.service import learning_impact, tags_of
from app.learning.models import Learning, LearningStatus
from app.notifications import people
from app.notifications.models import Category
from app.notifications.outbox import queue_email, render
from app.people.models import Employee


def on_done(session: Session, event: LearningDone) -> bool:
    learning = session.get(Learning, event.learning_id)
    author = session.get(Employee, learning.employee_id) if learning else None
    if learning is None or author is None:
        return False
    return queue_email(
        session,
        key=f"learning-done:{event.learning_id}:{event.fixed_on}",
        category=Category.learnings,
        to=people.of_employee(author),
        message=render(
            "learning_done",
            learning=learning,
            author=author,
            tags=tags_of(session, learning),
            measured_from=event.fixed_on + timedelta(weeks=MIN_AFTER + 1),
        ),
    )


def measured(session: Session) -> int:
    """Fixes that now have the weeks to tell (and no later than the window): one message each
    to whoever raised them, with the numbers (the outbox keeps one per key, so the hourly
    sweep tells each person once). Returns the messages offered to the outbox."""
    today = clock.today()
    newest = today - timedelta(weeks=MIN_AFTER + 1)
    oldest = today - timedelta(weeks=WINDOW_WEEKS + 6)
    queued = 0
    for learning in session.exec(
        select(Learning).where(
            Learning.status == LearningStatus.done.value,
            col(Learning.fixed_on) <= newest,
            col(Learning.fixed_on) >= oldest,
        )
    ).all():
        found = learning_impact(session, learning)
        author = session.get(Employee, learning.employee_id)
        if found.impact is None or found.impact.change is None or author is None:
            continue
        queued += queue_email(
            session,
            key=f"learning-impact:{saved_id(learning)}:{learning.fixed_on}",
            category=Category.learnings,
            to=people.of_employee(author),
            message=render("learning_impact", learning=learning, author=author, found=found),
        )
    return queued
