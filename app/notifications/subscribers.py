"""What people hear about, wired to the domain events that cause it (same transaction)."""

from sqlmodel import Session, select

from app.db import after_commit
from app.events import DepartmentRemoving, SchedulePublished, SwapChanged, on
from app.notifications import published, swap_messages, tasks
from app.notifications.models import ChatWebhook
from app.schedules.models import Schedule


@on(SchedulePublished)
def tell_about_publish(session: Session, event: SchedulePublished) -> None:
    schedule = session.get(Schedule, event.schedule_id)
    if schedule is not None:
        published.on_publish(session, schedule, event.previous_id)
        after_commit(session, tasks.deliver_soon)


@on(SwapChanged)
def tell_about_swap(session: Session, event: SwapChanged) -> None:
    swap_messages.on_swap(session, event.swap_id, event.status)
    after_commit(session, tasks.deliver_soon)


@on(DepartmentRemoving)
def drop_department_channels(session: Session, event: DepartmentRemoving) -> None:
    """A department's chat channel goes with the department."""
    for hook in session.exec(
        select(ChatWebhook).where(ChatWebhook.department_id == event.department_id)
    ).all():
        session.delete(hook)
    session.flush()
