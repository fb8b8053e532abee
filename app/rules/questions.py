"""What the rule pages ask of the domains above them (see app.hooks)."""

from datetime import date
from typing import Any

from sqlmodel import Session

from app.hooks import Unanswered, asked
from app.rules.models import RotationRuleCreate


@asked
def rule_preview(
    *, session: Session, rule: RotationRuleCreate, rule_id: int | None, today: date
) -> Any:
    """Who the rule makes due and the quick plan with it in place (answered by schedules,
    which plans); the page renders what comes back."""
    raise Unanswered("asked of the declaration, not of its answer")
