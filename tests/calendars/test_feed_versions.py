"""A poll reads the feed's own row: its version is raised in the transaction that changes
what it shows, so an unchanged feed answers 304 (or its cached body) without a query over
stored events, and a changed one never keeps its old tag."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event
from starlette.testclient import TestClient

from app import clock
from app.calendars.polls import FeedPolls
from app.calendars.render import _Bodies
from tests.calendars.test_feeds import fetch, login_for, publish_line


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@contextmanager
def statements(engine, isolation: bool = False) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The statements run meanwhile, or (`isolation`) the isolation level each ran with."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(
            conn.get_execution_options().get("isolation_level", "") if isolation else statement
        )

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _feed_url(client, actor) -> str:  # type: ignore[no-untyped-def]
    return client.get("/api/v1/calendars/feed", headers=actor.headers).json()["url"]


def test_an_unchanged_feed_is_answered_from_its_own_row(client, hr, session, engine):
    line, _ = publish_line(client, hr, session)
    person = login_for(session, line["sales"][0].id)
    path = _path(_feed_url(client, person))
    first = client.get(path)
    assert first.status_code == 200
    with statements(engine) as seen:
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        cached = client.get(path)
    assert again.status_code == 304
    assert cached.content == first.content
    assert [s for s in seen if "calendar_event" in s] == []
    assert len([s for s in seen if "feed_token" in s]) == 2  # one row read per poll


def test_a_poll_reads_outside_a_transaction(client, hr, session, engine):
    """No BEGIN and no ROLLBACK travel with a poll: the link's row, then (rendering) the
    owner's name with the events, each read with a snapshot of its own, as read committed
    gives them inside a transaction too."""
    line, _ = publish_line(client, hr, session)
    path = _path(_feed_url(client, login_for(session, line["sales"][1].id)))
    with statements(engine, isolation=True) as seen:
        first = client.get(path)
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert (first.status_code, again.status_code) == (200, 304)
    assert seen == ["AUTOCOMMIT"] * 3


def test_a_change_raises_the_version_of_the_feeds_that_show_it_only(client, hr, session):
    line, _ = publish_line(client, hr, session)
    mover, other = line["sales"][0], line["eng"][0]
    mine = _feed_url(client, login_for(session, mover.id))
    theirs = _feed_url(client, login_for(session, other.id))
    tags = {url: fetch(client, url).headers["etag"] for url in (mine, theirs)}
    renamed = client.patch(
        f"/api/v1/employees/{mover.id}", json={"name": "Moved Person"}, headers=hr.headers
    )
    assert renamed.status_code == 200
    assert client.get(_path(mine), headers={"If-None-Match": tags[mine]}).status_code == 200
    assert client.get(_path(theirs), headers={"If-None-Match": tags[theirs]}).status_code == 304


def test_the_tag_moves_with_the_day_as_past_events_leave_the_window(
    client, hr, session, monkeypatch
):
    line, _ = publish_line(client, hr, session)
    path = _path(_feed_url(client, login_for(session, line["sales"][0].id)))
    today = clock.today()
    first = client.get(path)
    monkeypatch.setattr(clock, "today", lambda: today + timedelta(days=1))
    assert client.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 200


def test_a_poll_of_a_rendered_feed_never_reaches_the_app(client, hr, session):
    """The feed's own row answers: a 304, the body this process holds or one rendered now,
    before routing and the request's transaction. Only a bad link goes on to the app."""
    line, _ = publish_line(client, hr, session)
    path = _path(_feed_url(client, login_for(session, line["sales"][0].id)))
    reached: list[str] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        reached.append(scope["path"])
        await client.app(scope, receive, send)

    polls = TestClient(FeedPolls(app))
    first = polls.get(path)
    assert (first.status_code, reached) == (200, [])
    again = polls.get(path, headers={"If-None-Match": first.headers["etag"]})
    cached = polls.get(path)
    head = polls.head(path)
    assert (again.status_code, cached.status_code, head.status_code) == (304, 200, 200)
    assert cached.content == first.content
    assert head.headers["content-length"] == str(len(first.content))
    assert cached.headers["etag"] == first.headers["etag"]
    assert reached == []
    forged = path[:-8] + "AAAA.ics"
    assert polls.get(forged).status_code == 404
    assert reached == [forged]


def test_rendered_bodies_are_kept_within_their_bytes_least_recently_polled_first():
    bodies = _Bodies(limit=10)
    bodies.put('"a"', b"12345")
    bodies.put('"b"', b"123")
    assert bodies.get('"a"') == b"12345"  # polled: now the most recent
    bodies.put('"c"', b"1234")
    assert (bodies.get('"b"'), bodies.size) == (None, 9)
    bodies.put('"c"', b"1")  # the same tag again replaces, not adds
    assert (list(bodies.bodies), bodies.size) == (['"a"', '"c"'], 6)
