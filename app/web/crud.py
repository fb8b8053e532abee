"""One way to show a form, take it back, and either save or show the errors beside the fields."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlmodel import Session

from app.errors import AppError
from app.web.deps import Viewer, redirect
from app.web.forms import Field, FormErrors, app_errors, validate, values_from
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
        **extra,
    )


async def submit_form(
    request: Request,
    session: Session,
    viewer: Viewer,
    *,
    fields: list[Field],
    model: type[BaseModel],
    save: Callable[[Any], Any],
    done: Callable[[Any], str] | str,
    flash: str,
    page: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Response:
    """Validate the posted form against the API schema and save it through the service.
    On any refusal the transaction is rolled back and the form comes back with what was typed."""
    values = values_from(await request.form(), fields)
    try:
        data = validate(model, values, fields, **(extra or {}))
        saved = save(data)
    except FormErrors as exc:
        session.rollback()
        return form_page(
            request,
            fields=fields,
            values=values,
            errors=exc.errors,
            message=exc.message,
            status=422,
            **page,
        )
    except AppError as exc:
        session.rollback()
        refusal = app_errors(exc)
        return form_page(
            request,
            fields=fields,
            values=values,
            errors=refusal.errors,
            message=refusal.message,
            status=exc.status,
            **page,
        )
    return redirect(done(saved) if callable(done) else done, flash)
