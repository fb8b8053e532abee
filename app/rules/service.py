"""Use cases for rotation rules, presets and the rotation settings."""

from typing import Any

from sqlmodel import Session, col, select

from app.errors import Invalid, NotFound
from app.people import questions as people_questions
from app.people.models import Department
from app.rules.models import (
    PRESETS,
    AppliesTo,
    RotationRule,
    RotationRuleCreate,
    RotationRuleUpdate,
    RotationSettings,
    RotationSettingsUpdate,
)
from app.validation import holiday_calendar_problem


def preset_rule(name: str) -> RotationRuleCreate:
    if name not in PRESETS:
        raise NotFound(f"No preset named {name!r}; choose one of {', '.join(PRESETS)}.")
    return RotationRuleCreate.model_validate(PRESETS[name] | {"preset": name})


def get_rule(*, session: Session, rule_id: int) -> RotationRule:
    rule = session.get(RotationRule, rule_id)
    if rule is None:
        raise NotFound(f"Rotation rule {rule_id} does not exist.")
    return rule


def _check_rule(*, session: Session, values: dict[str, Any]) -> None:
    applies_to = AppliesTo(values["applies_to"])
    if applies_to == AppliesTo.departments:
        ids = values["department_ids"]
        if not ids:
            raise Invalid("Choose at least one department.", field="department_ids")
        found = session.exec(select(Department.id).where(col(Department.id).in_(ids))).all()
        unknown = sorted(set(ids) - set(found))
        if unknown:
            raise Invalid(f"Unknown department id(s): {unknown}.", field="department_ids")
    if values["start_within_weeks"] is not None and applies_to != AppliesTo.new_hires:
        raise Invalid("A start window applies to new-hire rules only.", field="start_within_weeks")
    if applies_to == AppliesTo.new_hires and values["start_within_weeks"] is None:
        raise Invalid("New-hire rules need a start window in weeks.", field="start_within_weeks")
    span = values["turns_per_cycle"] * values["turn_weeks"]
    if applies_to != AppliesTo.new_hires and span > values["cycle_weeks"]:
        raise Invalid(
            f"{values['turns_per_cycle']} block(s) of {values['turn_weeks']} week(s) do not fit "
            f"in a {values['cycle_weeks']}-week cycle.",
            field="cycle_weeks",
        )
    gaps_needed = (values["turns_per_cycle"] - 1) * values["cooldown_weeks"]
    if applies_to != AppliesTo.new_hires and span + gaps_needed > values["cycle_weeks"]:
        raise Invalid(
            "The cooldown leaves no room for all blocks inside one cycle.", field="cooldown_weeks"
        )


def create_rule(*, session: Session, data: RotationRuleCreate) -> RotationRule:
    values = data.model_dump()
    if values["applies_to"] != AppliesTo.departments:
        values["department_ids"] = []
    _check_rule(session=session, values=values)
    rule = RotationRule(**values | {"applies_to": AppliesTo(values["applies_to"]).value})
    session.add(rule)
    session.flush()
    return rule


def update_rule(*, session: Session, rule_id: int, data: RotationRuleUpdate) -> RotationRule:
    rule = get_rule(session=session, rule_id=rule_id)
    changes = data.model_dump(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None or k == "start_within_weeks"}
    if "applies_to" in changes:
        changes["applies_to"] = AppliesTo(changes["applies_to"]).value
    _check_rule(session=session, values=rule.model_dump() | changes)
    rule.sqlmodel_update(changes)
    session.add(rule)
    session.flush()
    return rule


def delete_rule(*, session: Session, rule_id: int) -> None:
    session.delete(get_rule(session=session, rule_id=rule_id))
    session.flush()


@people_questions.line_holidays.answer
def line_holidays(session: Session) -> tuple[str | None, str | None]:
    settings = get_rotation_settings(session=session)
    return settings.holiday_country, settings.holiday_subdivision


def get_rotation_settings(*, session: Session) -> RotationSettings:
    """There is one settings row; it is made with defaults on first use."""
    current = session.exec(select(RotationSettings).order_by(col(RotationSettings.id))).first()
    if current is None:
        current = RotationSettings()
        session.add(current)
        session.flush()
    return current


def update_rotation_settings(*, session: Session, data: RotationSettingsUpdate) -> RotationSettings:
    current = get_rotation_settings(session=session)
    changes = data.model_dump(exclude_unset=True)
    nullable = {"holiday_country", "holiday_subdivision"}  # null switches holidays off
    changes = {k: v for k, v in changes.items() if v is not None or k in nullable}
    merged = current.model_dump() | changes
    if merged["holiday_country"]:
        changes["holiday_country"] = merged["holiday_country"].upper()
    problem = holiday_calendar_problem(merged["holiday_country"], merged["holiday_subdivision"])
    if problem is not None:
        raise Invalid(problem[1], field=problem[0])
    current.sqlmodel_update(changes)
    session.add(current)
    session.flush()
    return current
