"""REST: channels, shift templates, coverage needs."""

from fastapi import APIRouter, Response
from sqlmodel import col, select

from app.auth.deps import CurrentUser, HRUser
from app.coverage import service
from app.coverage.models import (
    Channel,
    ChannelCreate,
    ChannelPublic,
    ChannelUpdate,
    CoverageNeed,
    CoverageNeedCreate,
    CoverageNeedPublic,
    CoverageNeedUpdate,
    ShiftTemplate,
    ShiftTemplateCreate,
    ShiftTemplatePublic,
    ShiftTemplateUpdate,
    shift_label,
)
from app.db import SessionDep
from app.pagination import Page, PageDep, paginate

router = APIRouter(tags=["coverage"])


def _shift_public(shift: ShiftTemplate) -> ShiftTemplatePublic:
    return ShiftTemplatePublic.model_validate(shift, update={"label": shift_label(shift)})


@router.get("/channels")
def list_channels(session: SessionDep, _user: CurrentUser, page: PageDep) -> Page[ChannelPublic]:
    return paginate(session, select(Channel).order_by(col(Channel.name)), page)


@router.post("/channels", status_code=201)
def create_channel(body: ChannelCreate, session: SessionDep, _hr: HRUser) -> ChannelPublic:
    return ChannelPublic.model_validate(service.create_channel(session=session, data=body))


@router.get("/channels/{channel_id}")
def read_channel(channel_id: int, session: SessionDep, _user: CurrentUser) -> ChannelPublic:
    return ChannelPublic.model_validate(service.get_channel(session=session, channel_id=channel_id))


@router.patch("/channels/{channel_id}")
def update_channel(
    channel_id: int, body: ChannelUpdate, session: SessionDep, _hr: HRUser
) -> ChannelPublic:
    channel = service.update_channel(session=session, channel_id=channel_id, data=body)
    return ChannelPublic.model_validate(channel)


@router.delete("/channels/{channel_id}", status_code=204)
def delete_channel(channel_id: int, session: SessionDep, _hr: HRUser) -> Response:
    service.delete_channel(session=session, channel_id=channel_id)
    return Response(status_code=204)


@router.get("/shift-templates")
def list_shift_templates(
    session: SessionDep, _user: CurrentUser, page: PageDep
) -> Page[ShiftTemplatePublic]:
    result = paginate(session, select(ShiftTemplate).order_by(col(ShiftTemplate.start_time)), page)
    items = [_shift_public(s) for s in result.items]
    return Page(items=items, total=result.total, limit=result.limit, offset=result.offset)


@router.post("/shift-templates", status_code=201)
def create_shift_template(
    body: ShiftTemplateCreate, session: SessionDep, _hr: HRUser
) -> ShiftTemplatePublic:
    return _shift_public(service.create_shift_template(session=session, data=body))


@router.get("/shift-templates/{shift_template_id}")
def read_shift_template(
    shift_template_id: int, session: SessionDep, _user: CurrentUser
) -> ShiftTemplatePublic:
    shift = service.get_shift_template(session=session, shift_template_id=shift_template_id)
    return _shift_public(shift)


@router.patch("/shift-templates/{shift_template_id}")
def update_shift_template(
    shift_template_id: int, body: ShiftTemplateUpdate, session: SessionDep, _hr: HRUser
) -> ShiftTemplatePublic:
    shift = service.update_shift_template(
        session=session, shift_template_id=shift_template_id, data=body
    )
    return _shift_public(shift)


@router.delete("/shift-templates/{shift_template_id}", status_code=204)
def delete_shift_template(shift_template_id: int, session: SessionDep, _hr: HRUser) -> Response:
    service.delete_shift_template(session=session, shift_template_id=shift_template_id)
    return Response(status_code=204)


@router.get("/coverage-needs")
def list_coverage_needs(
    session: SessionDep,
    _user: CurrentUser,
    page: PageDep,
    channel_id: int | None = None,
    shift_template_id: int | None = None,
) -> Page[CoverageNeedPublic]:
    query = select(CoverageNeed).order_by(col(CoverageNeed.id))
    if channel_id is not None:
        query = query.where(CoverageNeed.channel_id == channel_id)
    if shift_template_id is not None:
        query = query.where(CoverageNeed.shift_template_id == shift_template_id)
    return paginate(session, query, page)


@router.post("/coverage-needs", status_code=201)
def create_coverage_need(
    body: CoverageNeedCreate, session: SessionDep, _hr: HRUser
) -> CoverageNeedPublic:
    need = service.create_coverage_need(session=session, data=body)
    return CoverageNeedPublic.model_validate(need)


@router.get("/coverage-needs/{need_id}")
def read_coverage_need(need_id: int, session: SessionDep, _user: CurrentUser) -> CoverageNeedPublic:
    need = service.get_coverage_need(session=session, need_id=need_id)
    return CoverageNeedPublic.model_validate(need)


@router.patch("/coverage-needs/{need_id}")
def update_coverage_need(
    need_id: int, body: CoverageNeedUpdate, session: SessionDep, _hr: HRUser
) -> CoverageNeedPublic:
    need = service.update_coverage_need(session=session, need_id=need_id, data=body)
    return CoverageNeedPublic.model_validate(need)


@router.delete("/coverage-needs/{need_id}", status_code=204)
def delete_coverage_need(need_id: int, session: SessionDep, _hr: HRUser) -> Response:
    service.delete_coverage_need(session=session, need_id=need_id)
    return Response(status_code=204)
