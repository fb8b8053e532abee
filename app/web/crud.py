"""One way to show a form, take it back, and either save or show the errors beside the fields."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.datastructures import FormData

from app.errors import AppError
from app.web.deps import Viewer, redirect
from app.web.forms import Field, FormErrors, as_refusal, record_tag, validate, values_from
from app.web.templating import render


def form_page(
    request: Request,
    *,
    title: str,
    fields: list[Field],
    values: dict[str, Any],
    action: str,
    submit: str,
    back: str | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
    status: int = 200,
    template: str = "form_page.html",
    current: BaseModel | None = None,
    **extra: Any,
) -> HTMLResponse:
    return render(
        request,
        template,
        status=status,
        title=title,
        fields=fields,
        values=values,
        action=action,
        submit=submit,
        back=back,
        errors=errors or {},
        message=message,
        # A preview re-shows the form without saving: it passes the tag it was opened with.
        record_tag=record_tag(current) if current is not None else extra.pop("record_tag", None),
        **extra,
    )


def submit_form(
    request: Request,
    form: FormData,
    session: Session,
    viewer: Viewer,
    *,
    fields: list[Field],
    model: type[BaseModel],
    save: Callable[[Any], Any],
    done: Callable[[Any], str] | str,
    flash: str | Callable[[], str],
    page: dict[str, Any],
    extra: dict[str, Any] | None = None,
    current: BaseModel | None = None,
) -> Response:
    """Validate the posted form against the API schema and save it through the service.
    On any refusal the transaction is rolled back and the form comes back with what was typed.
    With `current` (an edit form), a record changed by someone else since the form was opened
    is not overwritten: the form comes back with a 409, the typed values and the fresh tag."""
    values = values_from(form, fields)
    page = {**page, "current": current}
    if current is not None and form.get("record_tag") != record_tag(current):
        return form_page(
            request,
            fields=fields,
            values=values,
            status=409,
            message=(
                "Someone else changed this record since you opened it. Your values are kept "
                "below; check the record, then save again to overwrite."
            ),
            **page,
        )
    try:
        data = validate(model, values, fields, **(extra or {}))
        saved = save(data)
    except (FormErrors, AppError) as exc:
        session.rollback()
        return refused(request, fields=fields, values=values, refusal=as_refusal(exc), **page)
    message = flash() if callable(flash) else flash  # a callable sees what the save found
    return redirect(done(saved) if callable(done) else done, message)


def refused(
    request: Request,
    *,
    fields: list[Field],
    values: dict[str, Any],
    refusal: FormErrors,
    **page: Any,
) -> HTMLResponse:
    """The form again, with what was typed and each message beside its field."""
    return form_page(
        request,
        fields=fields,
        values=values,
        errors=refusal.errors,
        message=refusal.message,
        status=refusal.status,
        **page,
    )
