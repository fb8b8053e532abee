"""The demand's staffing advice as plain data: the diff, the need per half hour, the gaps."""

from typing import Any

from app.coverage.models import WEEKDAY_NAMES as WEEKDAYS
from app.staffing.recommend import Advice, ChannelAdvice


def slot_text(slot: int) -> str:
    return f"{WEEKDAYS[slot // 48]} {slot % 48 // 2:02d}:{30 * (slot % 2):02d}"


def uncovered(channel: ChannelAdvice) -> list[dict[str, Any]]:
    """Runs of half hours where agents are still missing: "Tue 22:00–01:30, up to 2"."""
    runs: list[dict[str, Any]] = []
    for slot, missing in enumerate(channel.shortfall):
        if not missing:
            continue
        last = runs[-1] if runs else None
        if last is not None and last["last_slot"] == slot - 1:
            last["last_slot"], last["most"] = slot, max(last["most"], missing)
        else:
            runs.append({"first_slot": slot, "last_slot": slot, "most": missing})
    for run in runs:
        end = run["last_slot"] + 1
        run["from"] = slot_text(run["first_slot"])
        run["until"] = f"{end % 48 // 2:02d}:{30 * (end % 2):02d}"
    return runs


def advice_summary(advice: Advice) -> dict[str, Any]:
    return {
        "zone": advice.forecast.zone,
        "tag": advice.tag,
        "channels": [
            {
                "channel": c.channel,
                "channel_id": c.channel_id,
                "model": c.target.model,
                "configured": c.configured,
                "problem": c.problem,
                "basis_week": str(c.basis_week) if c.basis_week else None,
                "peak_agents": max(c.need, default=0),
                "peak_agents_by_week": {str(w): n for w, n in c.peak_by_week.items()},
                "need_by_half_hour": c.need,
                "seats_by_half_hour": c.seats,
                "uncovered": [
                    {"from": r["from"], "until": r["until"], "agents_missing": r["most"]}
                    for r in uncovered(c)
                ],
            }
            for c in advice.channels
        ],
        "changes": [
            {
                "channel": c.channel,
                "channel_id": c.channel_id,
                "shift_template_id": s.shift_id,
                "shift": s.shift,
                "current_min_people": s.current,
                "recommended_min_people": s.recommended,
                "by_weekday": {WEEKDAYS[d]: n for d, n in s.by_weekday.items()},
            }
            for c, s in advice.changes
        ],
    }
