"""Large uploads go to a temporary file as they arrive, never whole into memory."""

import io
import tempfile
from collections.abc import AsyncIterator
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


def text_lines(raw: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")  # type: ignore[arg-type]
