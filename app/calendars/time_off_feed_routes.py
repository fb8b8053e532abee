"""REST and pages (HR): calendars Rota subscribes to for time off, their state, a poll now."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import col, select

from app.auth.deps import HRUser
from app.calendars import time_off_sync, time_off_tasks
from app.calendars.time_off_feed_models import TimeOffFeed, TimeOffFeedCreate, TimeOffFeedPublic
from app.db import SessionDep, after_commit
from app.errors import Invalid
from app.people.department_pages import people_options
from app.web.deps import HRForm, HRPage, redirect
from app.web.templating import render

api = APIRouter(tags=["time off"])
pages = APIRouter(include_in_schema=False)


def _poll_after_commit(session: SessionDep, feed_id: int | None) -> None:
    if feed_id is not None:
        after_commit(session, lambda: time_off_tasks.poll_feed(feed_id))


@api.get("/time-off-feeds")
def list_feeds(session: SessionDep, _hr: HRUser) -> list[TimeOffFeedPublic]:
    """Subscribed calendars, with when each was last read and any error."""
    rows = session.exec(select(TimeOffFeed).order_by(col(TimeOffFeed.name))).all()
    return [time_off_sync.public(row) for row in rows]


@api.post("/time-off-feeds", status_code=201)
def add_feed(body: TimeOffFeedCreate, session: SessionDep, hr: HRUser) -> TimeOffFeedPublic:
    """Subscribe to an .ics of absences (the HR system's, matched by email, or one person's);
    it is read at once and every quarter hour after."""
    feed = time_off_sync.add_feed(session, body)
    _poll_after_commit(session, feed.id)
    return time_off_sync.public(feed)


@api.post("/time-off-feeds/{time_off_feed_id}/poll", status_code=202)
def poll_feed(time_off_feed_id: int, session: SessionDep, _hr: HRUser) -> TimeOffFeedPublic:
    """Read the calendar now (in the worker); its state shows the result."""
    feed = time_off_sync.get_feed(session, time_off_feed_id)
    _poll_after_commit(session, feed.id)
    return time_off_sync.public(feed)


@api.delete("/time-off-feeds/{time_off_feed_id}", status_code=204)
def remove_feed(time_off_feed_id: int, session: SessionDep, hr: HRUser) -> Response:
    """Stop following it; the absences it brought stay, as if entered by hand."""
    time_off_sync.remove_feed(session, time_off_feed_id)
    return Response(status_code=204)


@pages.get("/time-off/calendars")
def feeds_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    return _page(request, session)


def _page(
    request: Request, session: SessionDep, status: int = 200, error: str = ""
) -> HTMLResponse:
    rows = session.exec(select(TimeOffFeed).order_by(col(TimeOffFeed.name))).all()
    return render(
        request,
        "people/time_off_calendars.html",
        feeds=[time_off_sync.public(row) for row in rows],
        people=people_options(session),
        error=error,
        status=status,
    )


@pages.post("/time-off/calendars")
def add_feed_form(
    request: Request,
    session: SessionDep,
    hr: HRForm,
    name: Annotated[str, Form(max_length=80)],
    url: Annotated[str, Form(max_length=2000)],
    employee_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    try:
        data = TimeOffFeedCreate.model_validate(
            {"name": name, "url": url, "employee_id": int(employee_id) if employee_id else None}
        )
        feed = time_off_sync.add_feed(session, data)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        return _page(request, session, 422, f"Please correct {field}: {exc.errors()[0]['msg']}.")
    except Invalid as exc:
        return _page(request, session, 422, exc.detail)
    _poll_after_commit(session, feed.id)
    return redirect("/time-off/calendars", f"{feed.name} added; it is read now and every 15 min.")


@pages.post("/time-off/calendars/{feed_id}/poll")
def poll_feed_form(feed_id: int, session: SessionDep, _hr: HRForm) -> Response:
    feed = time_off_sync.get_feed(session, feed_id)
    _poll_after_commit(session, feed.id)
    return redirect("/time-off/calendars", f"{feed.name} is being read.")


@pages.post("/time-off/calendars/{feed_id}/delete")
def remove_feed_form(feed_id: int, session: SessionDep, hr: HRForm) -> Response:
    time_off_sync.remove_feed(session, feed_id)
    return redirect("/time-off/calendars", "Calendar removed; its absences stay.")
