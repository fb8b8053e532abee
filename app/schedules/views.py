"""Read models the schedule pages show: job progress, the rotation grid, a week's board,
the coverage heatmap and the dashboard. Pure queries; no HTTP."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app import clock
from app.clock import utcnow
from app.coverage.models import ShiftTemplate
from app.db import saved_id
from app.people.models import Employee
from app.schedules import questions, reports, service, store
from app.schedules.models import JobStatus, Schedule, ScheduleShift, ScheduleTurn, SolveJob
from app.schedules.participation import participation
from solver.explain import GAP_KINDS

FINISHED = {JobStatus.succeeded.value, JobStatus.failed.value, JobStatus.cancelled.value}


STAGES = (
    ("reading", "Reading people, time off and rules"),
    ("weeks", "Choosing who rotates in which week"),
    ("shifts", "Seating people on shifts"),
    ("done", "Draft ready to review"),
)
PUBLISH_STAGES = (
    ("queued", "Waiting for a worker"),
    ("publishing", "Publishing the plan, calendars and messages"),
    ("done", "Published"),
)


def _publish_progress(job: SolveJob) -> dict[str, Any]:
    if job.status == JobStatus.succeeded.value:
        stage, percent, message = "done", 100, "Published: calendars and messages follow it."
    elif job.status in FINISHED:
        stage, percent = "publishing", 100
        message = f"Not published: {job.error or job.status}"
    elif job.status == JobStatus.running.value:
        stage, percent, message = "publishing", 50, "Publishing: one transaction, all or nothing…"
    else:
        stage, percent, message = "queued", 0, "Waiting for a worker…"
    names = [key for key, _ in PUBLISH_STAGES]
    current = names.index(stage)
    seconds = _elapsed(job)
    return {
        "status": job.status,
        "title": f"Publishing schedule {job.schedule_id}",
        "percent": percent,
        "message": message,
        "elapsed": f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s",
        "time_limit": None,
        "stages": [
            {"name": label, "state": "done" if i < current else "now" if i == current else "next"}
            for i, (_key, label) in enumerate(PUBLISH_STAGES)
        ],
        "finished": job.status in FINISHED,
        "schedule_url": f"/schedules/{job.schedule_id}/grid"
        if job.status == JobStatus.succeeded.value
        else None,
        "done_label": "See the published plan",
    }


def _elapsed(job: SolveJob) -> int:
    if job.started_at is None:
        return 0
    end = job.finished_at or utcnow()
    return max(0, int((end - job.started_at.replace(tzinfo=end.tzinfo)).total_seconds()))


def job_progress(job: SolveJob) -> dict[str, Any]:
    """A percentage, the stage, the time it has taken and a sentence for the progress bar."""
    if job.kind == "publish":
        return _publish_progress(job)
    progress = job.progress or {}
    stage = progress.get("stage") or "reading"
    if job.status == JobStatus.succeeded.value:
        percent, message, stage = 100, "Done: the draft is ready to review.", "done"
        title = f"Draft ready: {job.weeks} weeks from {job.start}"
    elif job.status in FINISHED:
        percent, message = 100, f"{job.status.capitalize()}: {job.error or 'stopped'}"
        title = f"Stopped: {job.weeks} weeks from {job.start}"
    elif job.status == JobStatus.queued.value:
        percent, message = 0, "Waiting for a solver worker…"
        title = f"Waiting to plan {job.weeks} weeks from {job.start}"
    elif stage == "shifts":
        done, weeks = int(progress.get("weeks_done", 0)), int(progress.get("weeks", 1) or 1)
        percent = 50 + int(49 * done / weeks)
        message = f"Seating people on shifts: week {done} of {weeks}."
        title = f"Planning {job.weeks} weeks from {job.start}"
    elif stage == "weeks":
        elapsed = float(progress.get("elapsed_s") or 0)
        percent = 5 + min(44, int(44 * elapsed / max(1.0, 0.6 * job.time_limit_s)))
        message = "Choosing who rotates in which week…"
        title = f"Planning {job.weeks} weeks from {job.start}"
    else:
        percent, message = 3, "Reading people, time off and rules…"
        title = f"Planning {job.weeks} weeks from {job.start}"
    if job.cancel_requested and job.status not in FINISHED:
        message = "Cancelling…"
    seconds = _elapsed(job)
    names = [key for key, _ in STAGES]
    current = names.index(stage) if stage in names else 0
    return {
        "status": job.status,
        "title": title,
        "percent": percent,
        "message": message,
        "elapsed": f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s",
        "time_limit": f"{job.time_limit_s:g} s",
        "stages": [
            {"name": label, "state": "done" if i < current else "now" if i == current else "next"}
            for i, (_key, label) in enumerate(STAGES)
        ],
        "finished": job.status in FINISHED,
        "schedule_url": f"/schedules/{job.schedule_id}" if job.schedule_id else None,
        "done_label": "Review the draft",
    }


@dataclass
class BoardCell:
    channel: str
    people: list[tuple[int, str, str | None]]  # shift row id, name, mentor name


def board(
    *, session: Session, schedule: Schedule, week: date
) -> tuple[list[date], list[ShiftTemplate], dict[tuple[date, int], list[BoardCell]], list[Any]]:
    """A week's shifts: per day and shift, who works which channel (and with which mentor)."""
    days = [week + timedelta(days=i) for i in range(7)]
    shifts = session.exec(select(ShiftTemplate).order_by(col(ShiftTemplate.start_time))).all()
    rows = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule.id,
            col(ScheduleShift.day) >= week,
            col(ScheduleShift.day) < week + timedelta(days=7),
        )
    ).all()
    ids = {r.employee_id for r in rows} | {r.mentor_id for r in rows if r.mentor_id}
    names = {
        e.id: e.name
        for e in session.exec(select(Employee).where(col(Employee.id).in_(ids or {-1}))).all()
    }
    by_slot: dict[tuple[date, int], dict[str, list[tuple[int, str, str | None]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in sorted(rows, key=lambda r: names.get(r.employee_id, "")):
        mentor = names.get(r.mentor_id) if r.mentor_id else None
        by_slot[(r.day, r.shift_template_id)][r.channel].append(
            (saved_id(r), names.get(r.employee_id, "?"), mentor)
        )
    cells = {
        key: [BoardCell(channel, people) for channel, people in sorted(channels.items())]
        for key, channels in by_slot.items()
    }
    turns = session.exec(
        select(ScheduleTurn, Employee)
        .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
        .where(ScheduleTurn.schedule_id == schedule.id, ScheduleTurn.week_start == week)
        .order_by(col(Employee.name))
    ).all()
    return days, list(shifts), cells, list(turns)


def heatmap(*, session: Session, schedule: Schedule, start: date, days: int) -> dict[str, Any]:
    """Days × (shift, channel): staffed against needed, and for a need with a skill the
    people staffed who have it against how many it asks for; a colour class per cell."""
    report = reports.coverage(
        session=session, schedule=schedule, start=start, end=start + timedelta(days=days - 1)
    )
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    columns: list[tuple[str, str]] = []
    for slot in report["slots"]:
        column = (slot["shift"], slot["channel"])
        if column not in columns:
            columns.append(column)
        skill_short = max(0, slot["skill_min"] - slot["skilled"])
        cell = dict(slot, skill_short=skill_short)
        cell["class"] = (
            "short"
            if slot["gap"] or skill_short
            else "over"
            if slot["staffed"] > slot["maximum"]
            else "full"
        )
        cells[(slot["day"], *column)] = cell
    dates = sorted({d for d, _, _ in cells})
    shifts = list(dict.fromkeys(shift for shift, _ in columns))
    spans = {shift: sum(1 for s, _ in columns if s == shift) for shift in shifts}
    return {
        "report": report,
        "cells": cells,
        "columns": columns,
        "shifts": shifts,
        "spans": spans,
        "days": dates,
        "day_labels": {d: f"{date.fromisoformat(d):%a %d %b}" for d in dates},
    }


def gap_summary(gaps: list[Any]) -> list[dict[str, Any]]:
    """Open gaps by kind and week: a few lines instead of one sentence per gap."""
    grouped: dict[tuple[str, date | None], dict[str, Any]] = {}
    for g in gaps:
        label = GAP_KINDS.get(g.kind, g.kind.capitalize())
        row = grouped.setdefault(
            (label, g.week_start),
            {"label": label, "week": g.week_start, "gaps": 0, "short": 0, "kinds": set()},
        )
        row["kinds"].add(g.kind)
        row["gaps"] += 1
        row["short"] += g.short
    rows = sorted(grouped.values(), key=lambda r: (r["week"] or date.min, r["label"]))
    return [r | {"kinds": ",".join(sorted(r["kinds"]))} for r in rows]


def dashboard(*, session: Session, today: date) -> dict[str, Any]:
    """What needs HR now: who is on the line (this week, or the first week that has anyone),
    open gaps by kind and week, who is overdue and who is not yet planned, swaps waiting for
    approval, leavers' turns, and new hires starting soon."""
    published = store.published(session)
    week = clock.monday(today)
    on_line: list[tuple[Employee, ScheduleTurn]] = []
    gaps: list[Any] = []
    due: dict[str, Any] = {"not_rotated": [], "new_hires": [], "executives": []}
    if published is not None:
        first_week = session.exec(
            select(func.min(ScheduleTurn.week_start)).where(
                ScheduleTurn.schedule_id == published.id, ScheduleTurn.week_start >= week
            )
        ).one()
        week = first_week or week  # right after the demo the plan starts next Monday
        on_line = [
            (e, t)
            for t, e in session.exec(
                select(ScheduleTurn, Employee)
                .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
                .where(ScheduleTurn.schedule_id == published.id, ScheduleTurn.week_start == week)
                .order_by(col(Employee.name))
            ).all()
        ]
        gaps = service.open_gap_rows(session=session, schedule=published, since=clock.monday(today))
        due = participation(session=session, schedule=published, today=today)
    # People who left (by hand, CSV or the directory) but still hold turns ahead: the plan
    # needs a re-plan to hand those weeks to someone else.
    leavers = (
        session.exec(
            select(Employee.name, func.count())
            .join(ScheduleTurn, col(ScheduleTurn.employee_id) == Employee.id)
            .where(
                ScheduleTurn.schedule_id == published.id,
                ScheduleTurn.week_start >= clock.monday(today),
            )
            .where(col(Employee.active).is_(False))
            .group_by(col(Employee.id), col(Employee.name))
            .order_by(Employee.name)
        ).all()
        if published is not None
        else []
    )
    starting = session.exec(
        select(Employee)
        .where(Employee.active, col(Employee.hire_date) >= today)
        .where(col(Employee.hire_date) <= today + timedelta(weeks=8))
        .order_by(col(Employee.hire_date))
    ).all()
    approvals = questions.swaps_awaiting_approval(session)
    cover = questions.cover_requests_waiting(session)
    return {
        "published": published,
        "week": week,
        "this_week": clock.monday(today),
        "on_line": on_line,
        "gaps": gaps,
        "gap_summary": gap_summary(gaps),
        "due": due,
        "overdue": [h for h in due["new_hires"] if h["status"] == "overdue"],
        "approvals": approvals,
        "cover": cover,
        "starting": starting,
        "leavers": leavers,
    }
