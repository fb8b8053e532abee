"""SCIM errors (RFC 7644 §3.12): a status, a scimType where one fits, and a detail."""

import json

from fastapi.responses import JSONResponse
from scim2_models import Error

MEDIA = "application/scim+json"


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


def response(exc: ScimError) -> JSONResponse:
    error = Error(status=exc.status, scim_type=exc.scim_type, detail=exc.detail)
    headers = {"WWW-Authenticate": 'Bearer realm="scim"'} if exc.status == 401 else None
    return JSONResponse(
        json.loads(error.model_dump_json()), exc.status, headers=headers, media_type=MEDIA
    )
