"""Rota's rotation solver: pure dataclasses in, a plan out (standard library and OR-Tools only)."""

from solver.model import (
    CoverageNeed,
    Department,
    Gap,
    History,
    Horizon,
    Person,
    Pin,
    Plan,
    Problem,
    Rule,
    Settings,
    Shift,
    ShiftAssignment,
    SolveStats,
    WeekTurn,
)
from solver.solve import SolveCancelled, solve
from solver.validate import ProblemError

__all__ = [
    "CoverageNeed",
    "Department",
    "Gap",
    "History",
    "Horizon",
    "Person",
    "Pin",
    "Plan",
    "Problem",
    "ProblemError",
    "Rule",
    "Settings",
    "Shift",
    "ShiftAssignment",
    "SolveCancelled",
    "SolveStats",
    "WeekTurn",
    "solve",
]
