"""Web (HR): rotation rules (from a preset or from scratch, with a preview) and the settings."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlmodel import Session, col, select

from app import clock
from app.db import SessionDep
from app.errors import AppError
from app.people.models import Department
from app.rules import service
from app.rules.models import (
    PRESETS,
    AppliesTo,
    RotationRule,
    RotationRuleCreate,
    RotationRuleUpdate,
    RotationSettingsBase,
    RotationSettingsUpdate,
)
from app.rules.overlap import overlaps
from app.rules.questions import rule_preview
from app.web.crud import form_page, refused, submit_form
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.forms import Field, FormErrors, as_refusal, validate, values_from
from app.web.templating import render
from solver.explain import GAP_KINDS

router = APIRouter(include_in_schema=False)

APPROVERS = [
    ("hr", "HR"),
    ("lead", "The department lead of the person whose turn it is (or HR)"),
]
APPLIES = [
    ("new_hires", "New hires"),
    ("executives", "Executives"),
    ("departments", "Chosen departments"),
    ("everyone", "Everyone not exempt"),
]


WEIGHTS = (
    "0 to 1000, against the other two weights; coverage, caps and the rules always come first."
)


def _help(model: type[BaseModel], name: str, text: str) -> str:
    default = model.model_fields[name].get_default(call_default_factory=True)
    # `is` checks: 1 == True, so a dict lookup would call a default of 1 "on".
    shown = "on" if default is True else "off" if default is False else default
    shown = "none" if default is None else shown
    return f"{text} Default: {shown}."


def rule_fields(session: Session) -> list[Field]:
    departments = session.exec(select(Department).order_by(col(Department.name))).all()
    m = RotationRuleCreate
    return [
        Field("name", "Name", required=True),
        Field("applies_to", "Who rotates", "select", _help(m, "applies_to", ""), APPLIES, True),
        Field(
            "department_ids",
            "Departments",
            "multi",
            "Only for “Chosen departments”. Hold Ctrl or Cmd to pick several.",
            [(str(d.id), d.name) for d in departments],
        ),
        Field(
            "days_per_turn",
            "Days on the line per week",
            "number",
            _help(m, "days_per_turn", "1 to 5; 5 is the full week."),
        ),
        Field(
            "turn_weeks",
            "Weeks in one block",
            "number",
            _help(m, "turn_weeks", "Consecutive weeks that make one turn."),
        ),
        Field("turns_per_cycle", "Blocks per cycle", "number", _help(m, "turns_per_cycle", "")),
        Field(
            "cycle_weeks",
            "Cycle length in weeks",
            "number",
            _help(m, "cycle_weeks", "52 is once a year."),
        ),
        Field(
            "cooldown_weeks",
            "Weeks between blocks, at least",
            "number",
            _help(m, "cooldown_weeks", ""),
        ),
        Field(
            "start_within_weeks",
            "New hires start within (weeks)",
            "number",
            _help(m, "start_within_weeks", "Only for new hires: weeks after the hire date."),
        ),
        Field(
            "with_mentor",
            "Share each turn with a mentor",
            "checkbox",
            _help(m, "with_mentor", "Support staff, or people experienced on the channel."),
        ),
        Field("active", "Active", "checkbox", "Inactive rules are kept but not scheduled."),
    ]


def _rule_values(rule: RotationRule | RotationRuleCreate) -> dict[str, Any]:
    values = rule.model_dump()
    values["department_ids"] = [str(d) for d in values["department_ids"]]
    values["applies_to"] = str(AppliesTo(values["applies_to"]).value)
    return values


@router.get("/rules")
def rules_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    rules = session.exec(select(RotationRule).order_by(col(RotationRule.id))).all()
    names = {d.id: d.name for d in session.exec(select(Department)).all()}
    return render(
        request,
        "rules/index.html",
        overlapping={r.id: overlaps(session, r, r.id) for r in rules},
        rules=rules,
        presets=PRESETS,
        names=names,
        applies=dict(APPLIES),
    )


def _page(action: str, title: str, preview: Any = None) -> dict[str, Any]:
    return {
        "title": title,
        "action": action,
        "submit": "Save rule",
        "back": "/rules",
        "template": "rules/form.html",
        "preview": preview,
        "gap_kinds": GAP_KINDS,
    }


def _preview(session: Session, data: RotationRuleCreate, rule_id: int | None) -> Any:
    return rule_preview(session=session, rule=data, rule_id=rule_id, today=clock.today())


@router.get("/rules/new")
def new_rule(
    request: Request, session: SessionDep, _hr: HRPage, preset: str | None = None
) -> HTMLResponse:
    # From scratch: the defaults with an empty name for HR to fill (not valid until they do).
    data = service.preset_rule(preset) if preset else RotationRuleCreate.model_construct(name="")
    page = _page(f"/rules/new{'?preset=' + preset if preset else ''}", "New rotation rule")
    # The preview plans every active rule (seconds on a large company): it runs when HR asks
    # for it ("Preview who is due"), never on opening the form.
    if preset:
        page["overlaps"] = overlaps(session, data, None)
    return form_page(request, fields=rule_fields(session), values=_rule_values(data), **page)


def _save_or_preview(
    request: Request,
    form: PostedForm,
    session: SessionDep,
    hr: Any,
    rule: RotationRule | None,
    title: str,
    action: str,
) -> Response:
    fields = rule_fields(session)
    rule_id = rule.id if rule is not None else None
    if form.get("intent") == "preview":
        values = values_from(form, fields)
        tag: dict[str, Any] = {"record_tag": form.get("record_tag")} if rule is not None else {}
        try:
            data = validate(RotationRuleCreate, values, fields)
            preview = _preview(session, data, rule_id)
        except (FormErrors, AppError) as exc:
            return refused(
                request,
                fields=fields,
                values=values,
                refusal=as_refusal(exc),
                **_page(action, title),
                **tag,
            )
        page = _page(action, title, preview) | {"overlaps": overlaps(session, data, rule_id)}
        return form_page(request, fields=fields, values=values, **page, **tag)

    warned: list[str] = []

    def save(data: RotationRuleCreate) -> RotationRule:
        warned.extend(overlaps(session, data, rule_id))
        if rule_id is None:
            return service.create_rule(session=session, data=data)
        update = RotationRuleUpdate.model_validate(data.model_dump(exclude={"preset"}))
        return service.update_rule(session=session, rule_id=rule_id, data=update)

    return submit_form(
        request,
        form,
        session,
        hr,
        fields=fields,
        model=RotationRuleCreate,
        save=save,
        done="/rules",
        flash=lambda: (
            "Rule saved. Generate a schedule to apply it."
            + (" It overlaps another rule: see below." if warned else "")
        ),
        page=_page(action, title),
        current=rule,
    )


@router.post("/rules/new")
def create_rule(request: Request, form: PostedForm, session: SessionDep, hr: HRForm) -> Response:
    return _save_or_preview(request, form, session, hr, None, "New rotation rule", "/rules/new")


@router.get("/rules/{rule_id}/edit")
def edit_rule(rule_id: int, request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    rule = service.get_rule(session=session, rule_id=rule_id)
    data = RotationRuleCreate.model_validate(rule.model_dump())
    page = _page(f"/rules/{rule_id}/edit", f"Edit {rule.name}") | {
        "overlaps": overlaps(session, data, rule_id)
    }
    return form_page(
        request, fields=rule_fields(session), values=_rule_values(rule), current=rule, **page
    )


@router.post("/rules/{rule_id}/edit")
def update_rule(
    rule_id: int, request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    rule = service.get_rule(session=session, rule_id=rule_id)
    return _save_or_preview(
        request, form, session, hr, rule, f"Edit {rule.name}", f"/rules/{rule_id}/edit"
    )


@router.post("/rules/{rule_id}/delete")
def delete_rule(rule_id: int, session: SessionDep, _hr: HRForm) -> Response:
    service.delete_rule(session=session, rule_id=rule_id)
    return redirect("/rules", "Rule deleted.")


def settings_fields() -> list[Field]:
    m = RotationSettingsBase
    return [
        Field(
            "mentees_per_mentor",
            "New hires per mentor",
            "number",
            _help(m, "mentees_per_mentor", ""),
        ),
        Field(
            "mentees_per_mentor_week",
            "Different new hires per mentor in a week",
            "number",
            _help(m, "mentees_per_mentor_week", ""),
        ),
        Field(
            "freeze_weeks",
            "Weeks a re-plan keeps as published",
            "number",
            _help(m, "freeze_weeks", ""),
        ),
        Field(
            "experienced_after_shifts",
            "Shifts on a channel before someone can mentor",
            "number",
            _help(m, "experienced_after_shifts", ""),
        ),
        Field(
            "max_days_per_week",
            "Most days on the line per week",
            "number",
            _help(m, "max_days_per_week", ""),
        ),
        Field(
            "max_shifts_per_day",
            "Most shifts per day",
            "number",
            _help(m, "max_shifts_per_day", ""),
        ),
        Field(
            "holiday_country",
            "Public holidays of",
            help=_help(m, "holiday_country", "Two-letter country code; empty for none."),
        ),
        Field("holiday_subdivision", "Region", help="Optional, e.g. CA or BY."),
        Field(
            "support_timezone", "Support line's time zone", help=_help(m, "support_timezone", "")
        ),
        Field(
            "swaps_need_approval",
            "Taken swaps and cover need approval",
            "checkbox",
            _help(m, "swaps_need_approval", ""),
        ),
        Field("approver", "Who approves", "select", _help(m, "approver", ""), APPROVERS, True),
        Field(
            "weight_fairness",
            "Weight: fairness",
            "number",
            _help(m, "weight_fairness", f"{WEIGHTS} Higher spreads turns evenly over the weeks."),
        ),
        Field(
            "weight_preferences",
            "Weight: preferences",
            "number",
            _help(
                m,
                "weight_preferences",
                f"{WEIGHTS} Higher honours the weeks people asked to avoid or to have "
                "(on My rotation).",
            ),
        ),
        Field(
            "weight_stability",
            "Weight: stability on re-plans",
            "number",
            _help(
                m,
                "weight_stability",
                f"{WEIGHTS} Higher keeps a re-plan from moving people out of weeks already "
                "published to them.",
            ),
        ),
    ]


_SETTINGS_PAGE: dict[str, Any] = {
    "title": "Rotation settings",
    "action": "/settings",
    "submit": "Save settings",
    "back": "/rules",
}


@router.get("/settings")
def settings_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    current = service.get_rotation_settings(session=session)
    return form_page(
        request,
        fields=settings_fields(),
        values=current.model_dump(),
        current=current,
        **_SETTINGS_PAGE,
    )


@router.post("/settings")
def save_settings(request: Request, form: PostedForm, session: SessionDep, hr: HRForm) -> Response:
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=settings_fields(),
        model=RotationSettingsBase,
        save=lambda data: service.update_rotation_settings(
            session=session,
            data=RotationSettingsUpdate.model_validate(
                data.model_dump()
                | {
                    k: None
                    for k in ("holiday_country", "holiday_subdivision")
                    if not getattr(data, k)
                }
            ),
        ),
        done="/rules",
        flash="Settings saved.",
        page=_SETTINGS_PAGE,
        current=service.get_rotation_settings(session=session),
    )
