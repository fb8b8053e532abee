"""Secret links never rest in the outbox. A message names a personal calendar feed or a
one-time sign-in link by a placeholder; the working link is put in when the message is sent
(or shown to the person it was sent to), so a database read or HR's outbox page shows no
working secret."""

import re

from sqlmodel import Session

from app.auth.models import SignInLink
from app.calendars.tokens import personal_feed, urls
from app.cover import links as cover_links
from app.cover.models import CoverAsk
from app.identity import invitations

PLACEHOLDER = re.compile(r"\{\{rota:(feed|sign-in|cover):([0-9]{1,18})\}\}")
SHOWN = {
    "feed": "[your personal calendar link]",
    "sign-in": "[your one-time sign-in link]",
    "cover": "[your link to take this cover]",
}


def feed(employee_id: int) -> str:
    return f"{{{{rota:feed:{employee_id}}}}}"


def sign_in(link_id: int) -> str:
    return f"{{{{rota:sign-in:{link_id}}}}}"


def cover(ask_id: int) -> str:
    return f"{{{{rota:cover:{ask_id}}}}}"


def fill(session: Session, text: str) -> str:
    """The text with working links, for sending it (or showing it to its recipient)."""

    def working(match: re.Match[str]) -> str:
        kind, number = match.group(1), int(match.group(2))
        if kind == "feed":
            return urls(personal_feed(session=session, employee_id=number))[0]
        if kind == "cover":
            ask = session.get(CoverAsk, number)
            if ask is None or ask.answer is not None:
                return "(this cover request is no longer open to you)"
            return cover_links.url(ask)
        link = session.get(SignInLink, number)
        if link is None or invitations.status(link) != "pending":
            return "(this sign-in link is no longer valid; ask HR for a new one)"
        return invitations.url(link)

    return PLACEHOLDER.sub(working, text)


def hidden(text: str) -> str:
    """The text as anyone but its recipient sees it: where each link goes, not the link."""
    return PLACEHOLDER.sub(lambda m: SHOWN[m.group(1)], text)
