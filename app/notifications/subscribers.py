"""What people hear about, wired to the domain events that cause it (same transaction)."""

from sqlmodel import Session, select

from app.auth.models import SignInLink
from app.db import after_commit
from app.events import (
    AbsenceChanged,
    CoverChanged,
    DepartmentMoved,
    DepartmentRemoving,
    LearningDone,
    LeavingDateSet,
    SchedulePublished,
    SignInLinksMade,
    SwapChanged,
    on,
)
from app.notifications import (
    absence_messages,
    cover_messages,
    impact_messages,
    leaving_messages,
    move_messages,
    people,
    published,
    secret_links,
    swap_messages,
    tasks,
)
from app.notifications.models import Category, ChatWebhook
from app.notifications.outbox import Email, queue_emails, render
from app.people.models import Employee
from app.schedules.models import Schedule


@on(SchedulePublished)
def tell_about_publish(session: Session, event: SchedulePublished) -> None:
    schedule = session.get(Schedule, event.schedule_id)
    if schedule is not None:
        published.on_publish(session, schedule, event.previous_id)
        after_commit(session, tasks.deliver_soon)


@on(SignInLinksMade)
def send_sign_in_links(session: Session, event: SignInLinksMade) -> None:
    """Invitations go out by mail too, queued together; HR still sees each link on the
    Sign-in page."""
    emails = []
    for link_id in event.link_ids:
        link = session.get(SignInLink, link_id)
        employee = session.get(Employee, link.employee_id) if link else None
        if link is None or employee is None:
            continue
        message = render(
            "invitation",
            employee=employee,
            link=secret_links.sign_in(link_id),
            expires=link.expires_at,
        )
        emails.append(
            Email(f"invite:{link_id}", Category.welcome, people.of_employee(employee), message)
        )
    if queue_emails(session, emails):
        after_commit(session, tasks.deliver_soon)


@on(SwapChanged)
def tell_about_swap(session: Session, event: SwapChanged) -> None:
    swap_messages.on_swap(session, event.swap_id, event.status)
    after_commit(session, tasks.deliver_soon)


@on(CoverChanged)
def tell_about_cover(session: Session, event: CoverChanged) -> None:
    if cover_messages.on_cover(session, event):
        after_commit(session, tasks.deliver_soon)


@on(AbsenceChanged)
def tell_about_absence(session: Session, event: AbsenceChanged) -> None:
    if absence_messages.on_absence(session, event):
        after_commit(session, tasks.deliver_soon)


@on(LeavingDateSet)
def tell_about_leaving(session: Session, event: LeavingDateSet) -> None:
    if leaving_messages.on_leaving(session, event):
        after_commit(session, tasks.deliver_soon)


@on(DepartmentMoved)
def tell_about_the_move(session: Session, event: DepartmentMoved) -> None:
    if move_messages.on_move(session, event):
        after_commit(session, tasks.deliver_soon)


@on(LearningDone)
def tell_the_author(session: Session, event: LearningDone) -> None:
    if impact_messages.on_done(session, event):
        after_commit(session, tasks.deliver_soon)


@on(DepartmentRemoving)
def drop_department_channels(session: Session, event: DepartmentRemoving) -> None:
    """A department's chat channel goes with the department."""
    for hook in session.exec(
        select(ChatWebhook).where(ChatWebhook.department_id == event.department_id)
    ).all():
        session.delete(hook)
    session.flush()
