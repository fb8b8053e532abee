"""The naive rotation most companies run today, kept as the benchmark's comparison.

Round-robin through the staff list (sorted by department, as HR systems export it): the next
few people on the list take the coming week, one full week each, sitting on one shift and
channel all week. It ignores caps, skills, leave, working hours, new hires and executives:
exactly what the solver is for.
"""

from datetime import timedelta
from time import perf_counter

from solver.model import Plan, Problem, ShiftAssignment, SolveStats, WeekTurn


def round_robin(problem: Problem) -> Plan:
    started = perf_counter()
    support = problem.support_ids
    staff = sorted(
        (p for p in problem.people if p.department_id not in support),
        key=lambda p: (p.department_id, p.name),
    )
    team = sorted((p for p in problem.people if p.department_id in support), key=lambda p: p.name)
    weeks = problem.horizon.weeks
    per_week = max(1, -(-len(staff) // weeks))
    turns = [WeekTurn(p.id, (i // per_week) % weeks, 5, 0) for i, p in enumerate(staff)]
    slots = [(n.shift_id, n.channel) for n in problem.needs]
    shifts = {s.id: s for s in problem.shifts}
    assignments: list[ShiftAssignment] = []
    by_week: dict[int, list[int]] = {}
    for turn in turns:
        by_week.setdefault(turn.week, []).append(turn.person_id)
    for week in range(weeks):
        monday = problem.horizon.week_start(week)
        seated = [(pid, "support") for pid in (p.id for p in team)]
        seated += [(pid, "rotator") for pid in by_week.get(week, [])]
        for index, (person_id, role) in enumerate(seated):
            if not slots:
                break
            shift_id, channel = slots[index % len(slots)]
            for offset in range(7):
                day = monday + timedelta(days=offset)
                if problem.shift_runs(shifts[shift_id], day):
                    assignments.append(ShiftAssignment(person_id, day, shift_id, channel, role))
    elapsed = perf_counter() - started
    stats = SolveStats("BASELINE", 0.0, 0.0, 0.0, 0.0, 0.0, round(elapsed, 3))
    return Plan(tuple(turns), tuple(assignments), (), stats)
