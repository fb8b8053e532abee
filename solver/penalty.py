"""The contract every rule of both stages keeps: a penalty variable, its weight and its reason."""

from dataclasses import dataclass

from ortools.sat.python import cp_model


@dataclass
class Penalty:
    var: cp_model.IntVar
    weight: int
    kind: str
    why: str
    week: int | None = None
    department_id: int | None = None
    obligation_id: int | None = None
    skill: str | None = None
    person_id: int | None = None
    tail: bool = False  # the steep last step of a convex cost (fairness), not a unit step
