"""Forms: fields described once, HTML form data turned into API schemas, errors beside fields."""

import hashlib
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from app.errors import AppError

M = TypeVar("M", bound=BaseModel)


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"  # text, email, number, date, time, checkbox, select, multi, textarea, list
    help: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    required: bool = False
    step: str | None = None
    placeholder: str = ""
    choose: bool = False  # a required select that starts on "Choose…", not its first option


class FormErrors(Exception):
    """Field messages to show beside the inputs, with the values the person typed."""

    def __init__(self, errors: dict[str, str], message: str = "", status: int = 422) -> None:
        self.errors = errors
        self.message = message or "Please correct the fields marked below."
        self.status = status


def values_from(form: FormData, fields: list[Field]) -> dict[str, Any]:
    """The typed values, as the form should show them again."""
    values: dict[str, Any] = {}
    for f in fields:
        if f.kind == "checkbox":
            values[f.name] = form.get(f.name) in ("on", "true", "1")
        elif f.kind == "multi":
            values[f.name] = [str(v) for v in form.getlist(f.name)]
        else:
            raw = form.get(f.name)
            values[f.name] = raw.strip() if isinstance(raw, str) else ""
    return values


def to_payload(values: dict[str, Any], fields: list[Field]) -> dict[str, Any]:
    """Form values as the API schema expects them: empty means unset, lists split on commas."""
    payload: dict[str, Any] = {}
    for f in fields:
        value = values.get(f.name)
        if f.kind == "checkbox":
            payload[f.name] = bool(value)
        elif f.kind == "multi":
            payload[f.name] = value or []
        elif f.kind == "list":
            payload[f.name] = [v.strip() for v in str(value or "").split(",") if v.strip()]
        elif value in ("", None):
            payload[f.name] = None
        else:
            payload[f.name] = value
    return payload


def validate(model: type[M], values: dict[str, Any], fields: list[Field], **extra: Any) -> M:
    payload = {k: v for k, v in to_payload(values, fields).items() if v is not None}
    try:
        return model.model_validate({**payload, **extra})
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            loc = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
            name = loc[0] if loc else "__all__"
            errors.setdefault(name, _message(error))
        raise FormErrors(errors) from exc


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "Required."
    message = str(error.get("msg", "Invalid value."))
    return message.removeprefix("Value error, ")


def record_tag(row: BaseModel) -> str:
    """A fingerprint of a record as a form was opened on it, to notice a second editor."""
    return hashlib.sha256(row.model_dump_json().encode()).hexdigest()[:24]


def app_errors(exc: AppError) -> FormErrors:
    """A service's refusal, placed next to the field it names (or above the form)."""
    errors = {str(e["field"]): str(e["message"]) for e in exc.errors if e.get("field")}
    return FormErrors(errors, exc.detail, exc.status)


def as_refusal(exc: FormErrors | AppError) -> FormErrors:
    return exc if isinstance(exc, FormErrors) else app_errors(exc)
