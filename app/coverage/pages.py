"""Web (HR): channels, shift templates and coverage needs on one page, each with its form."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlmodel import Session, col, select

from app.coverage import service
from app.coverage.models import (
    Channel,
    ChannelCreate,
    ChannelUpdate,
    CoverageNeed,
    CoverageNeedCreate,
    CoverageNeedUpdate,
    ShiftTemplate,
    ShiftTemplateCreate,
    ShiftTemplateUpdate,
)
from app.db import SessionDep
from app.errors import NotFound
from app.web.crud import form_page, submit_form
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.forms import Field
from app.web.templating import render

router = APIRouter(include_in_schema=False)
WEEKDAYS = [
    (str(i), name) for i, name in enumerate(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
]


def _channel_fields(_session: Session) -> list[Field]:
    return [
        Field("name", "Name", help="phone, chat, email, social…", required=True),
        Field("description", "Description", "textarea"),
    ]


def _shift_fields(_session: Session) -> list[Field]:
    return [
        Field("name", "Name", help="e.g. Morning", required=True),
        Field("start_time", "Starts", "time", required=True),
        Field("end_time", "Ends", "time", required=True),
        Field("weekdays", "Days", "multi", "Hold Ctrl or Cmd to pick several.", options=WEEKDAYS),
        Field("timezone", "Time zone", help="The line's IANA time zone.", required=True),
        Field(
            "holidays",
            "Public holidays",
            "select",
            "Closed on the line's holidays, on those of its own region (a Berlin shift works "
            "on US Thanksgiving), or open on holidays with those who work them.",
            options=[
                ("line", "Closed on the line's holidays"),
                ("region", "Closed on its region's holidays"),
                ("open", "Open on holidays"),
            ],
        ),
        Field("holiday_country", "Region's country", help="ISO code, e.g. DE (for a region)."),
        Field("holiday_subdivision", "Region", help="Optional, e.g. BY or NSW."),
    ]


def _need_fields(session: Session) -> list[Field]:
    channels = session.exec(select(Channel).order_by(col(Channel.name))).all()
    shifts = session.exec(select(ShiftTemplate).order_by(col(ShiftTemplate.name))).all()
    return [
        Field(
            "channel_id",
            "Channel",
            "select",
            required=True,
            options=[(str(c.id), c.name) for c in channels],
        ),
        Field(
            "shift_template_id",
            "Shift",
            "select",
            required=True,
            options=[(str(s.id), s.name) for s in shifts],
        ),
        Field("min_people", "At least", "number", "People needed on this channel and shift."),
        Field("max_people", "At most", "number", "More than this and people sit idle."),
        Field("skill", "Skill needed", help="Optional, e.g. de for German."),
        Field("skill_min", "People with that skill", "number"),
        Field(
            "fill_to_max",
            "Fill up to the maximum",
            "checkbox",
            "Seat support staff who are free up to the maximum. Unticked, the support team "
            "sits only where the minimum needs it and the rest of its hours stay its own.",
        ),
    ]


def _values(row: Any) -> dict[str, Any]:
    values = row.model_dump()
    for key in ("start_time", "end_time"):
        if key in values:
            values[key] = values[key].strftime("%H:%M")
    if "weekdays" in values:
        values["weekdays"] = [str(d) for d in values["weekdays"]]
    return values


@dataclass(frozen=True)
class Kind:
    slug: str
    noun: str
    fields: Callable[[Session], list[Field]]
    create_model: type[BaseModel]
    update_model: type[BaseModel]
    get: Callable[[Session, int], Any]
    create: Callable[[Session, Any], Any]
    update: Callable[[Session, int, Any], Any]
    delete: Callable[[Session, int], None]
    defaults: dict[str, Any]


KINDS = {
    k.slug: k
    for k in [
        Kind(
            "channels",
            "channel",
            _channel_fields,
            ChannelCreate,
            ChannelUpdate,
            lambda s, i: service.get_channel(session=s, channel_id=i),
            lambda s, d: service.create_channel(session=s, data=d),
            lambda s, i, d: service.update_channel(session=s, channel_id=i, data=d),
            lambda s, i: service.delete_channel(session=s, channel_id=i),
            {},
        ),
        Kind(
            "shifts",
            "shift",
            _shift_fields,
            ShiftTemplateCreate,
            ShiftTemplateUpdate,
            lambda s, i: service.get_shift_template(session=s, shift_template_id=i),
            lambda s, d: service.create_shift_template(session=s, data=d),
            lambda s, i, d: service.update_shift_template(session=s, shift_template_id=i, data=d),
            lambda s, i: service.delete_shift_template(session=s, shift_template_id=i),
            {"weekdays": ["0", "1", "2", "3", "4"], "timezone": "America/New_York"},
        ),
        Kind(
            "needs",
            "coverage need",
            _need_fields,
            CoverageNeedCreate,
            CoverageNeedUpdate,
            lambda s, i: service.get_coverage_need(session=s, need_id=i),
            lambda s, d: service.create_coverage_need(session=s, data=d),
            lambda s, i, d: service.update_coverage_need(session=s, need_id=i, data=d),
            lambda s, i: service.delete_coverage_need(session=s, need_id=i),
            {"min_people": "1", "max_people": "3", "skill_min": "0"},
        ),
    ]
}


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise NotFound(f"No such coverage page: {slug}.")
    return KINDS[slug]


@router.get("/coverage")
def coverage_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    channels = session.exec(select(Channel).order_by(col(Channel.name))).all()
    shifts = session.exec(select(ShiftTemplate).order_by(col(ShiftTemplate.start_time))).all()
    needs = session.exec(select(CoverageNeed).order_by(col(CoverageNeed.id))).all()
    return render(
        request,
        "coverage/index.html",
        channels=channels,
        shifts=shifts,
        needs=needs,
        channel_names={c.id: c.name for c in channels},
        shift_names={s.id: s.name for s in shifts},
        weekday_names=dict(WEEKDAYS),
    )


def _page(kind: Kind, action: str, title: str) -> dict[str, Any]:
    return {"title": title, "action": action, "submit": "Save", "back": "/coverage"}


@router.get("/coverage/{slug}/new")
def new_row(slug: str, request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    kind = _kind(slug)
    page = _page(kind, f"/coverage/{slug}/new", f"New {kind.noun}")
    return form_page(request, fields=kind.fields(session), values=dict(kind.defaults), **page)


@router.post("/coverage/{slug}/new")
def create_row(
    slug: str, request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    kind = _kind(slug)
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=kind.fields(session),
        model=kind.create_model,
        save=lambda data: kind.create(session, data),
        done="/coverage",
        flash=f"{kind.noun.capitalize()} added.",
        page=_page(kind, f"/coverage/{slug}/new", f"New {kind.noun}"),
    )


@router.get("/coverage/{slug}/{row_id}/edit")
def edit_row(
    slug: str, row_id: int, request: Request, session: SessionDep, _hr: HRPage
) -> HTMLResponse:
    kind = _kind(slug)
    row = kind.get(session, row_id)
    page = _page(kind, f"/coverage/{slug}/{row_id}/edit", f"Edit {kind.noun}")
    return form_page(request, fields=kind.fields(session), values=_values(row), current=row, **page)


@router.post("/coverage/{slug}/{row_id}/edit")
def update_row(
    slug: str, row_id: int, request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    kind = _kind(slug)
    row = kind.get(session, row_id)
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=kind.fields(session),
        model=kind.create_model,
        save=lambda data: kind.update(
            session, row_id, kind.update_model.model_validate(data.model_dump())
        ),
        done="/coverage",
        flash=f"{kind.noun.capitalize()} saved.",
        page=_page(kind, f"/coverage/{slug}/{row_id}/edit", f"Edit {kind.noun}"),
        current=row,
    )


@router.post("/coverage/{slug}/{row_id}/delete")
def delete_row(slug: str, row_id: int, session: SessionDep, _hr: HRForm) -> Response:
    kind = _kind(slug)
    kind.delete(session, row_id)
    return redirect("/coverage", f"{kind.noun.capitalize()} deleted.")
