"""Logging that never writes a secret: calendar feed links are redacted in access logs."""

import logging
import re

# Everything after /calendars/ up to a space, quote or query: canonical links and the odd
# ones clients send (no .ics, double slashes, escapes) all carry the secret.
FEED_PATH = re.compile(r"(/calendars/+)([^\s\"'?]+)")


def _redact(match: re.Match[str]) -> str:
    number = re.match(r"[0-9]{1,18}", match.group(2))
    return f"{match.group(1)}{number.group(0) + '-' if number else ''}…"


def redact(text: str) -> str:
    return FEED_PATH.sub(_redact, text)


class RedactFeedLinks(logging.Filter):
    """A feed link is a password for someone's calendar; logs keep only its feed number."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    for name in ("uvicorn.access", "uvicorn.error", "rota"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedLinks) for f in logger.filters):
            logger.addFilter(RedactFeedLinks())
