"""Feeds for calendar clients (public, by secret token) and their management in the API."""

from dataclasses import asdict

from fastapi import APIRouter, Request, Response

from app.auth.deps import CurrentUser
from app.auth.scope import acting_for
from app.calendars import ics_import, polls, render, tokens
from app.calendars.models import (
    AbsenceFound,
    FeedIssue,
    FeedKind,
    FeedPublic,
    FeedRevoked,
    FeedToken,
    IcsImportResult,
)
from app.db import SessionDep, saved_id
from app.errors import Invalid
from app.limits import upload_body_max
from app.uploads import Upload, UploadedFile
from app.validation import Flag

feeds = APIRouter(tags=["calendars"])
api = APIRouter(tags=["calendars"])
CALENDAR = polls.CALENDAR


@feeds.get(
    "/calendars/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 304: {}, 404: {}},
)
def calendar_feed(token: str, request: Request, session: SessionDep) -> Response:
    feed = tokens.resolve(session=session, token=token)
    return polls.respond(session, feed, request.headers, request.method)


@feeds.head("/calendars/{token}.ics", response_class=Response, responses={304: {}, 404: {}})
def calendar_feed_head(token: str, request: Request, session: SessionDep) -> Response:
    """The feed's headers (ETag, length) without its body, as some clients check first."""
    return calendar_feed(token, request, session)


def _public(feed: FeedToken) -> FeedPublic:
    url, webcal = tokens.urls(feed)
    return FeedPublic(
        id=saved_id(feed),
        kind=feed.kind,
        owner_id=feed.owner_id,
        url=url,
        webcal_url=webcal,
        created_at=feed.created_at,
    )


@api.get("/calendars/feed")
def my_feed(
    session: SessionDep,
    user: CurrentUser,
    kind: FeedKind = FeedKind.employee,
    owner_id: int | None = None,
) -> FeedPublic:
    """The subscribe link (https and webcal) for your own turns, or, for HR, any feed."""
    if kind == FeedKind.employee and owner_id is None:
        owner_id = user.employee_id
    return _public(tokens.current_feed(session=session, kind=kind, owner_id=owner_id, actor=user))


@api.post("/calendars/feed/reissue", status_code=201)
def reissue_feed(body: FeedIssue, session: SessionDep, user: CurrentUser) -> FeedPublic:
    """A new secret link; the old one stops working at once."""
    owner_id = body.owner_id
    if body.kind == FeedKind.employee and owner_id is None:
        owner_id = user.employee_id
    return _public(tokens.reissue(session=session, kind=body.kind, owner_id=owner_id, actor=user))


@api.delete("/calendars/feed/{feed_id}")
def revoke_feed(feed_id: int, session: SessionDep, user: CurrentUser) -> FeedRevoked:
    feed = tokens.revoke(session=session, feed_id=feed_id, actor=user)
    return FeedRevoked(id=saved_id(feed), revoked_at=feed.revoked_at)


@api.get(
    "/turns/{turn_ref}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def turn_ics(turn_ref: str, session: SessionDep, user: CurrentUser) -> Response:
    """One turn as a file, by its UID or by any id it has had (ids change on re-publish)."""
    turn = render.turn_for_download(session=session, ref=turn_ref, actor=user)
    body = render.render_turn(session=session, turn=turn)
    return Response(
        body,
        media_type=CALENDAR,
        headers={"Content-Disposition": f'attachment; filename="rotation-{turn.id}.ics"'},
    )


@api.post("/time-off/import-ics", max_body_size=upload_body_max())
def import_time_off_ics(
    upload: UploadedFile,
    session: SessionDep,
    user: CurrentUser,
    employee_id: int | None = None,
    dry_run: Flag = True,
) -> IcsImportResult:
    """Send an .ics as the body (text/calendar) or as a form field `file`. A dry run (the
    default) previews; nothing is ever added twice."""
    employee_id = acting_for(user, employee_id, "You can import only your own time off.")
    data = _ics_bytes(upload)
    result = ics_import.import_time_off(
        session=session, data=data, employee_id=employee_id, dry_run=dry_run
    )
    return IcsImportResult(
        dry_run=dry_run,
        added=result.added,
        skipped=result.skipped,
        absences=[AbsenceFound.model_validate(asdict(a)) for a in result.absences],
    )


def _ics_bytes(upload: Upload) -> bytes:
    raw = upload.read()
    if not raw.strip():
        raise Invalid("The file is empty.", field="file")
    return raw
