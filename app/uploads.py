"""Reading an uploaded file: the raw request body or a multipart field `file`, size-limited.

The body is read by an async dependency, so the handlers that use it can be plain functions
that run in the thread pool: their database work never holds up the event loop."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from app.config import get_settings
from app.errors import AppError, Invalid, TooLarge


@dataclass(frozen=True)
class Upload:
    """What arrived, or why it cannot be used; `read()` raises the refusal where the handler
    can answer it in its own form (a page re-shows the form, the API answers problem+json)."""

    raw: bytes
    refusal: AppError | None = None
    missing: bool = False  # no file was chosen (a form may offer another way in)

    def read(self) -> bytes:
        if self.refusal is not None:
            raise self.refusal
        return self.raw


async def received_upload(request: Request) -> Upload:
    limit = get_settings().upload_max_bytes
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return Upload(
                b"",
                Invalid("Attach the file as a form field named 'file'.", field="file"),
                missing=True,
            )
        raw = await upload.read(limit + 1)
    else:
        raw = await request.body()
    if len(raw) > limit:
        return Upload(b"", TooLarge(f"The file is larger than {limit} bytes.", field="file"))
    return Upload(raw)


UploadedFile = Annotated[Upload, Depends(received_upload)]
