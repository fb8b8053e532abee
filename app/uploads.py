"""Reading an uploaded file: the raw request body or a multipart field `file`, size-limited."""

from fastapi import Request

from app.config import get_settings
from app.errors import Invalid, TooLarge


async def read_upload(request: Request, what: str) -> bytes:
    limit = get_settings().upload_max_bytes
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid(f"Attach the {what} as a form field named 'file'.", field="file")
        raw = await upload.read(limit + 1)
    else:
        raw = await request.body()
    if len(raw) > limit:
        raise TooLarge(f"The file is larger than {limit} bytes.", field="file")
    return raw
