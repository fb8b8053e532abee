"""Planning pages on the demo company (about 210 people, a year of rotations done, the next
26 weeks published): the rule preview for each preset, and a refused move with the weeks
that would work, timed through the same service functions the pages call.

    python -m bench.pages_bench --runs 5

Prints one JSON line: the median and range of each timing over --runs, with what each
answer held (weeks shown, gaps predicted, weeks suggested).
"""

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from app import clock
from app import subscribers as _subscribers  # noqa: F401  (publishing needs its subscribers)
from app.db import make_engine
from app.demo import rotation_history, schedule_demo, seed_demo
from app.errors import Conflict
from app.migrate import upgrade
from app.people.models import Employee
from app.rules.models import RotationRuleCreate
from app.rules.service import preset_rule
from app.schedules import changes, store
from app.schedules.models import ScheduleTurn, WeekMove
from app.schedules.preview import RulePreview, rule_preview
from app.schedules.week_suggestions import weeks_that_fit


def _timed(runs: int, call: Callable[[], Any]) -> tuple[dict[str, object], Any]:
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    timing = {
        "median_s": round(statistics.median(seconds), 3),
        "range_s": [round(min(seconds), 3), round(max(seconds), 3)],
    }
    return timing, result


def run(runs: int, workdir: Path) -> dict[str, object]:
    url = f"sqlite:///{workdir / 'pages.db'}"
    engine = make_engine(url)
    upgrade(engine, url)
    today = clock.today()
    row: dict[str, object] = {"planner": "pages", "runs": runs}
    with Session(engine, expire_on_commit=False) as session:
        seed_demo(session=session, today=today)
        rotation_history(session=session, today=today)
        schedule_demo(session=session, start=clock.next_monday(today), weeks=26)
        session.commit()
        row["employees"] = len(session.exec(select(Employee)).all())
        for preset in ("annual_support_week", "onboarding_fortnight", "executive_day"):
            rule = preset_rule(preset)

            def preview_rule(rule: RotationRuleCreate = rule) -> RulePreview:
                return rule_preview(session=session, rule=rule, rule_id=None, today=today)

            timing, preview = _timed(runs, preview_rule)
            row[f"preview_{preset}"] = timing | {
                "weeks": len(preview.weeks),
                "due": len(preview.due),
                "gaps": len(preview.gaps),
            }
        schedule = store.published(session)
        assert schedule is not None
        ahead = session.exec(
            select(ScheduleTurn)
            .where(ScheduleTurn.schedule_id == schedule.id)
            .where(ScheduleTurn.week_start >= clock.next_monday(today))
            .order_by(col(ScheduleTurn.week_start))
        ).all()
        weeks_of: dict[int, list[ScheduleTurn]] = {}
        for t in ahead:
            weeks_of.setdefault(t.employee_id, []).append(t)
        # Someone with two turns ahead: moving the first onto the second is refused.
        turn, second = next(ts[:2] for ts in weeks_of.values() if len(ts) >= 2)
        employee = session.get(Employee, turn.employee_id)
        assert employee is not None
        timing, weeks = _timed(
            runs, lambda: weeks_that_fit(session, schedule, employee, turn.days, turn)
        )
        row["suggest_weeks"] = timing | {"weeks_in_schedule": schedule.weeks, "found": len(weeks)}
        blocked = _refused_move(session, schedule, turn, second.week_start)
        row["refused_move"] = blocked
        session.rollback()
    return row


def _refused_move(
    session: Session, schedule: Any, turn: ScheduleTurn, target: date
) -> dict[str, object]:
    """A move onto the person's own later week: refused, with the weeks that would work."""
    move = WeekMove(
        employee_id=turn.employee_id, from_week=turn.week_start, to_week=target, reason="bench"
    )
    started = time.perf_counter()
    try:
        changes.move_week(session=session, schedule=schedule, data=move, actor=None)  # type: ignore[arg-type]
        answer = "moved"
    except Conflict as refusal:
        answer = refusal.detail
    return {"seconds": round(time.perf_counter() - started, 3), "answer": answer[:300]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.runs, Path(tmp)) | {"day": str(date.today())}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
