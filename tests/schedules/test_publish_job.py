"""Publishing is a job: the request checks and queues, the job commits the schedule, the
calendars and the messages in one transaction, and the job page follows it."""

from datetime import date

import pytest
from sqlmodel import select

from app.calendars.models import CalendarEvent
from app.schedules import jobs, publishing
from app.schedules.models import Schedule, SolveJob
from tests.factories import make_line
from tests.helpers import publish
from tests.schedules.test_loop import generate
from tests.web.test_pages import _csrf, _user, sign_in

pytestmark = pytest.mark.slow  # plans before it publishes


def test_the_request_queues_and_the_job_publishes_everything(client, hr, session):
    make_line(session)
    draft = generate(client, hr, weeks=2)
    job = publish(client, hr, draft)
    assert (job["kind"], job["schedule_id"], job["progress"]["stage"]) == ("publish", draft, "done")
    session.expire_all()
    assert session.get(Schedule, draft).status == "published"
    assert session.exec(select(CalendarEvent)).first() is not None


def test_a_second_publish_waits_for_the_first(client, hr, session):
    make_line(session)
    draft = generate(client, hr, weeks=2)
    running = SolveJob(
        kind="publish",
        start=date(2027, 1, 11),
        weeks=2,
        schedule_id=draft,
        active_key=jobs.PUBLISHING,
        status="running",
    )
    session.add(running)
    session.commit()
    refused = client.post(f"/api/v1/schedules/{draft}/publish", headers=hr.headers)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"Job {running.id} is already publishing schedule {draft}; wait for it to finish."
    )
    cancel = client.post(f"/api/v1/jobs/{running.id}/cancel", headers=hr.headers)
    assert cancel.status_code == 409


def test_a_draft_published_meanwhile_fails_the_job_with_the_reason(engine, client, hr, session):
    make_line(session)
    draft = generate(client, hr, weeks=2)
    job = jobs.create_publish_job(
        session=session, schedule_id=draft, actor=hr.user, end_early=False
    )
    session.commit()
    publishing.publish(session=session, schedule_id=draft, actor=hr.user)
    session.commit()
    jobs.run_job(engine, job.id)
    session.refresh(job)
    assert (job.status, job.active_key) == ("failed", None)
    assert job.error == f"Schedule {draft} is published; only drafts publish."


def test_the_page_form_starts_the_job_and_shows_where_it_goes(client, hr, session):
    make_line(session)
    draft = generate(client, hr, weeks=2)
    person = _user(session, "hr")
    assert sign_in(client, person.user.email).status_code == 303
    answer = client.post(
        f"/schedules/{draft}/publish",
        data={"csrf_token": _csrf(client, f"/schedules/{draft}")},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    job = session.exec(select(SolveJob).where(SolveJob.kind == "publish")).one()
    assert answer.headers["location"] == f"/jobs/{job.id}"
    page = client.get(answer.headers["location"])
    assert "Published: calendars and messages follow it." in page.text
    assert f'href="/schedules/{draft}/grid"' in page.text
