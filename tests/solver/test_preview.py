"""The quick plan behind the rule preview: loads against caps, and the gaps the solve meets."""

from solver import solve
from solver.preview import preview_weeks
from tests.solver.helpers import ENG, MORNING, CoverageNeed, tiny


def _eng_load(preview) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return [(d.week, d.away, d.cap) for d in preview.departments if d.department_id == ENG]


def test_a_rule_that_fits_the_caps_predicts_no_gap() -> None:
    preview = preview_weeks(tiny(engineers=8, weeks=4, cap=0.25))
    assert _eng_load(preview) == [(0, 2, 2), (1, 2, 2), (2, 2, 2), (3, 2, 2)]
    assert [(w.people, w.days_planned) for w in preview.weeks] == [(2, 10)] * 4
    assert preview.gaps == ()


def test_cap_breaches_are_predicted_in_the_weeks_the_solve_breaks_them() -> None:
    problem = tiny(engineers=10, weeks=4, cap=0.2)
    preview = preview_weeks(problem)
    assert _eng_load(preview) == [(0, 3, 2), (1, 3, 2), (2, 2, 2), (3, 2, 2)]
    predicted = [(g.kind, g.week, g.short) for g in preview.gaps]
    assert predicted == [("cap", 0, 1), ("cap", 1, 1)]
    solved = [(g.kind, g.week, g.short) for g in solve(problem, time_limit_s=5).gaps]
    assert solved == predicted


def test_weeks_the_rotators_cannot_fill_are_predicted_in_person_days() -> None:
    needs = (CoverageNeed("phone", MORNING.id, 3, 4),)
    preview = preview_weeks(tiny(engineers=2, weeks=4, cap=0.5, needs=needs))
    assert [(w.days_planned, w.days_needed) for w in preview.weeks] == [
        (5, 5),
        (5, 5),
        (0, 5),
        (0, 5),
    ]
    assert [(g.kind, g.week, g.short) for g in preview.gaps] == [("seats", 2, 5), ("seats", 3, 5)]
    assert preview.gaps[0].message == (
        "Week of 2027-01-18: the line is 5 person-days short of its minimum coverage "
        "(nobody else due and free)."
    )
