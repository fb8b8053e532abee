"""Large uploads go to a temporary file as they arrive, never whole into memory."""

import codecs
import tempfile
from collections.abc import AsyncIterator, Iterator
from typing import IO, Annotated

from fastapi import Depends, Request

from app.config import get_settings
from app.errors import Invalid, TooLarge

IN_MEMORY = 8 * 1024 * 1024


async def spooled_upload(request: Request) -> AsyncIterator[IO[bytes]]:
    """The request's file (a multipart field named 'file', or the raw body), spooled."""
    limit = get_settings().contacts_upload_max_bytes
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_part_size=limit)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("Attach the export as a form field named 'file'.", field="file")
        upload.file.seek(0)
        yield upload.file
        return
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - closed below
    try:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"The file is larger than {limit} bytes.", field="file")
            spool.write(chunk)
        spool.seek(0)
        yield spool
    finally:
        spool.close()


Upload = Annotated[IO[bytes], Depends(spooled_upload)]


class UndecodableLine(ValueError):
    """A line whose bytes are not UTF-8; `text` is the line with those bytes replaced, so
    the reader can tell which cell holds them."""

    def __init__(self, line: int, text: str, bad: bytes) -> None:
        super().__init__(f"line {line} is not UTF-8")
        self.line, self.text, self.bad = line, text, bad


def text_lines(raw: IO[bytes]) -> Iterator[str]:
    """The upload's lines as text. Exports must be UTF-8 (a byte order mark is fine); a
    UTF-16 file is refused at once, and other bytes raise UndecodableLine for their line."""
    for number, chunk in enumerate(raw, start=1):
        if number == 1:
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise Invalid(
                    'The file is UTF-16; export it as CSV in UTF-8 ("CSV UTF-8" in Excel).',
                    field="file",
                )
            chunk = chunk.removeprefix(codecs.BOM_UTF8)
        try:
            yield chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = chunk[exc.start : exc.end]
            raise UndecodableLine(number, chunk.decode("utf-8", "replace"), bad) from exc
