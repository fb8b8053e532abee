"""Accept links: a secret per asked colleague, an HMAC of their ask row under the app's key
(the database alone cannot make one); a link works until its ask is answered or gone."""

import hmac

from sqlmodel import Session

from app.calendars.tokens import TOKEN, signature
from app.config import get_settings
from app.cover.models import CoverAsk
from app.errors import NotFound


def _mac(ask: CoverAsk) -> str:
    return signature(f"cover:{ask.id}:{ask.request_id}:{ask.employee_id}:{ask.nonce}")


def token_of(ask: CoverAsk) -> str:
    return f"{ask.id}-{_mac(ask)}"


def url(ask: CoverAsk) -> str:
    return f"{get_settings().base_url.rstrip('/')}/cover/accept/{token_of(ask)}"


def resolve(session: Session, token: str) -> CoverAsk:
    """The ask behind a link; malformed, unknown and forged links all answer 404."""
    match = TOKEN.fullmatch(token)
    if match is None:
        raise NotFound("No such cover link.")
    ask = session.get(CoverAsk, int(match.group(1)))
    if ask is None or not hmac.compare_digest(match.group(2), _mac(ask)):
        raise NotFound("No such cover link.")
    return ask
