"""Rules that reach the same people: both place turns, so a new hire under two onboarding
rules rotates twice as long. Saving is allowed (it may be meant); the form, the preview and
the rules list say so."""

from sqlmodel import Session, select

from app.db import saved_id
from app.people.models import Department
from app.rules.models import AppliesTo, RotationRule, RotationRuleBase

WHO = {
    AppliesTo.new_hires.value: "new hires",
    AppliesTo.executives.value: "executives",
    AppliesTo.everyone.value: "everyone",
}


def _shared(a: RotationRuleBase, b: RotationRuleBase, names: dict[int, str]) -> str | None:
    """Who both rules reach, in words, or None when nobody is under both."""
    kinds = {str(a.applies_to), str(b.applies_to)}
    departments = AppliesTo.departments.value
    if kinds == {departments}:
        common = set(a.department_ids) & set(b.department_ids)
        return ", ".join(sorted(names.get(d, str(d)) for d in common)) or None
    if kinds == {departments, AppliesTo.everyone.value}:
        scoped = a if str(a.applies_to) == departments else b
        return ", ".join(sorted(names.get(d, str(d)) for d in scoped.department_ids)) or None
    if len(kinds) == 1:
        return WHO[kinds.pop()]
    return None


def overlaps(session: Session, rule: RotationRuleBase, rule_id: int | None) -> list[str]:
    if not rule.active:
        return []
    names = {saved_id(d): d.name for d in session.exec(select(Department)).all()}
    found = []
    for other in session.exec(select(RotationRule).where(RotationRule.active)).all():
        if other.id == rule_id:
            continue
        shared = _shared(rule, other, names)
        if shared:
            found.append(
                f"Overlaps “{other.name}”: both reach {shared}, who would get the turns of "
                "both rules. Make one inactive, or narrow who it applies to, unless both are "
                "meant."
            )
    return found
