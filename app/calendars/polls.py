"""Feed polls: calendar clients ask for their feed every few hours, all day long, and most
find it unchanged. A poll is answered from the link's own row (its HMAC, its version): a 304,
or the body already rendered for that version, or one rendered now and kept. `FeedPolls`
does this before routing, dependencies and the request's transaction; only a link that does
not resolve goes on to the app, which answers 404 in its own words."""

import re
from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app import clock
from app.calendars import render, tokens
from app.calendars.models import FeedToken
from app.db import get_engine
from app.errors import NotFound

CALENDAR = "text/calendar; charset=utf-8"
FEED_PATH = re.compile(r"/calendars/([^/]{1,100})\.ics")


def respond(session: Session, feed: FeedToken, request: Mapping[str, str], method: str) -> Response:
    """A 304 when the client holds this version; else the body for it, rendered once per
    version and process."""
    today = clock.today()
    etag, modified = render.feed_version(feed=feed, today=today)
    headers = _headers(etag, modified)
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    body = render.cached_feed(session=session, feed=feed, today=today, etag=etag)
    return _full(body, headers, method)


def _full(body: bytes, headers: dict[str, str], method: str) -> Response:
    if method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(status_code=200, media_type=CALENDAR, headers=headers)
    return Response(body, media_type=CALENDAR, headers=headers)


def _headers(etag: str, modified: datetime) -> dict[str, str]:
    return {
        "ETag": etag,
        "Last-Modified": format_datetime(modified, usegmt=True),
        # Secret URLs: private caches only; clients poll every few hours anyway.
        "Cache-Control": "private, max-age=900, must-revalidate",
    }


def _opaque(tag: str) -> str:
    """An entity tag without its weak marker: If-None-Match compares weakly (RFC 9110 13.1.2),
    and proxies that compress a body mark its tag weak."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def _not_modified(request: Mapping[str, str], etag: str, modified: datetime) -> bool:
    match = request.get("if-none-match")
    if match is not None:
        return match.strip() == "*" or _opaque(etag) in [_opaque(m) for m in match.split(",")]
    since = request.get("if-modified-since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _poll(token: str, request: Headers, method: str) -> Response | None:
    with Session(get_engine()) as session:
        # A poll reads the link's row and at most one statement more, each with a snapshot
        # of its own as read committed gives inside a transaction too: without one, no BEGIN
        # and no ROLLBACK travel to the database (two round trips of a 304's four).
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        try:
            feed = tokens.resolve(session=session, token=token)
        except NotFound:
            return None  # the app answers in its own words
        return respond(session, feed, request, method)


class FeedPolls:
    """Polls of a feed answered before the app's routing and dependencies (plain ASGI). The
    rows are read in a worker thread, as the app reads them, so the event loop never waits
    on the database."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            found = FEED_PATH.fullmatch(scope["path"])
            if found is not None:
                response = await run_in_threadpool(
                    _poll, found.group(1), Headers(scope=scope), scope["method"]
                )
                if response is not None:
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
