"""Reading what a directory sends: a resource, or a PATCH applied to the current one, with
the first problem named in a SCIM error."""

from typing import Any, TypeVar

from pydantic import ValidationError
from scim2_models import Context, PatchOp, SCIMException

from app.scim.errors import ScimError

R = TypeVar("R")


def first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "body"
        return f"{where}: {error['msg']}"
    return str(exc)


def parse(model: type[R], payload: Any, context: Context) -> R:
    try:
        return model.model_validate(payload, scim_ctx=context)  # type: ignore[attr-defined]
    except (ValidationError, SCIMException) as exc:
        name = model.__name__.split("[")[0]
        raise ScimError(400, f"Not a valid {name}: {first_error(exc)}", "invalidValue") from exc


def patched(model: type[R], current: R, payload: Any) -> R:
    """The resource with the PatchOp applied (all operations, or none)."""
    try:
        operations = PatchOp[model].model_validate(  # type: ignore[valid-type]
            payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST
        )
        operations.patch(current)
    except (ValidationError, SCIMException) as exc:
        scim_type = getattr(exc, "scim_type", None) or "invalidValue"
        raise ScimError(400, f"The patch cannot apply: {first_error(exc)}", scim_type) from exc
    return current
