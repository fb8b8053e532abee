"""REST: rotation rules, presets, rotation settings."""

from fastapi import APIRouter, Response
from sqlmodel import col, select

from app.auth.deps import CurrentUser, HRUser
from app.db import SessionDep
from app.pagination import Page, PageDep, paginate
from app.rules import mentor_pairs, mentor_pool, service
from app.rules.mentor_pairs import MentorPairCreate, MentorPairPublic
from app.rules.mentor_pool import MentorPoolCreate, MentorPoolPublic
from app.rules.models import (
    PRESETS,
    RotationRule,
    RotationRuleCreate,
    RotationRulePublic,
    RotationRuleUpdate,
    RotationSettingsPublic,
    RotationSettingsUpdate,
)

router = APIRouter(tags=["rules"])


@router.get("/rules/presets")
def list_presets(_user: CurrentUser) -> dict[str, RotationRuleCreate]:
    """The presets real programmes use, by key, each a rule ready to create or adjust."""
    return {key: service.preset_rule(key) for key in PRESETS}


@router.get("/rules")
def list_rules(
    session: SessionDep, _user: CurrentUser, page: PageDep, active: bool | None = None
) -> Page[RotationRulePublic]:
    query = select(RotationRule).order_by(col(RotationRule.id))
    if active is not None:
        query = query.where(RotationRule.active == active)
    return paginate(session, query, page)


@router.post("/rules", status_code=201)
def create_rule(body: RotationRuleCreate, session: SessionDep, _hr: HRUser) -> RotationRulePublic:
    return RotationRulePublic.model_validate(service.create_rule(session=session, data=body))


@router.post("/rules/from-preset/{preset}", status_code=201)
def create_rule_from_preset(preset: str, session: SessionDep, _hr: HRUser) -> RotationRulePublic:
    rule = service.create_rule(session=session, data=service.preset_rule(preset))
    return RotationRulePublic.model_validate(rule)


@router.get("/rules/{rule_id}")
def read_rule(rule_id: int, session: SessionDep, _user: CurrentUser) -> RotationRulePublic:
    return RotationRulePublic.model_validate(service.get_rule(session=session, rule_id=rule_id))


@router.patch("/rules/{rule_id}")
def update_rule(
    rule_id: int, body: RotationRuleUpdate, session: SessionDep, _hr: HRUser
) -> RotationRulePublic:
    rule = service.update_rule(session=session, rule_id=rule_id, data=body)
    return RotationRulePublic.model_validate(rule)


@router.delete("/rules/{rule_id}", status_code=204)
def delete_rule(rule_id: int, session: SessionDep, _hr: HRUser) -> Response:
    service.delete_rule(session=session, rule_id=rule_id)
    return Response(status_code=204)


@router.get("/settings")
def read_settings(session: SessionDep, _user: CurrentUser) -> RotationSettingsPublic:
    return RotationSettingsPublic.model_validate(service.get_rotation_settings(session=session))


@router.patch("/settings")
def update_settings(
    body: RotationSettingsUpdate, session: SessionDep, _hr: HRUser
) -> RotationSettingsPublic:
    current = service.update_rotation_settings(session=session, data=body)
    return RotationSettingsPublic.model_validate(current)


@router.get("/mentor-pairs")
def list_mentor_pairs(session: SessionDep, _hr: HRUser) -> list[MentorPairPublic]:
    """Pairs HR asked the plan to make where possible, or never to make."""
    return [MentorPairPublic.model_validate(p) for p in mentor_pairs.listed(session)]


@router.post("/mentor-pairs", status_code=201)
def add_mentor_pair(body: MentorPairCreate, session: SessionDep, _hr: HRUser) -> MentorPairPublic:
    return MentorPairPublic.model_validate(mentor_pairs.add(session, body))


@router.delete("/mentor-pairs/{pair_id}", status_code=204)
def remove_mentor_pair(pair_id: int, session: SessionDep, _hr: HRUser) -> Response:
    mentor_pairs.remove(session, pair_id)
    return Response(status_code=204)


@router.get("/mentor-pool")
def list_mentor_pool(session: SessionDep, _hr: HRUser) -> list[MentorPoolPublic]:
    """HR's word on who mentors beyond the default (the support team, and others on channels
    they have grown into): people added on every channel, and people taken out."""
    return [MentorPoolPublic.model_validate(e) for e in mentor_pool.listed(session)]


@router.post("/mentor-pool", status_code=201)
def add_to_mentor_pool(
    body: MentorPoolCreate, session: SessionDep, _hr: HRUser
) -> MentorPoolPublic:
    return MentorPoolPublic.model_validate(mentor_pool.add(session, body))


@router.delete("/mentor-pool/{entry_id}", status_code=204)
def remove_from_mentor_pool(entry_id: int, session: SessionDep, _hr: HRUser) -> Response:
    mentor_pool.remove(session, entry_id)
    return Response(status_code=204)
