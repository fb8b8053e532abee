"""Logging that never writes a secret: calendar feed links are redacted in access logs."""

import logging
import re

FEED_LINK = re.compile(r"(/calendars/\d+-)[A-Za-z0-9_-]+(\.ics)")


class RedactFeedLinks(logging.Filter):
    """A feed link is a password for someone's calendar; logs keep only its feed number."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                FEED_LINK.sub(r"\1…\2", a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = FEED_LINK.sub(r"\1…\2", record.msg)
        return True


def install() -> None:
    for name in ("uvicorn.access", "uvicorn.error", "rota"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedLinks) for f in logger.filters):
            logger.addFilter(RedactFeedLinks())
