"""How fast this machine runs Python right now, against the machine where the solver's time
reserves were measured.

A solve keeps time back for work that grows with the company and is not cut short by a
deadline: seating every week, diagnosing the gaps, building stage A's model; a job keeps
time back for storing the plan. Their constants (seconds per person-week, per allowed
start) were measured on one machine. On a machine half as fast, or one busy with other
work, those reserves run out and the job overruns the limit HR set (seen: a 10,000-person
year at a 30 s limit took 40 s on a machine 1.5-2 times slower). The pace scales them: a
fixed loop, timed five times when a large solve begins, against what it took there.
"""

from statistics import median
from time import perf_counter

LOOP = 50_000
SAMPLES = 5  # the median: one sample can land on another process's burst
# The loop on the machine the reserves were measured on: 1.2 ms (its 10-million-step loop
# at module level took 0.57-0.67 s; this one, in a function, runs a step in 0.39 of that
# time, measured side by side).
REFERENCE_S = 0.0012
SLOWEST, FASTEST = 3.0, 0.5
# Below this the reserves are a rounding error of the limit: no loop is timed.
MIN_PERSON_WEEKS = 20_000


def machine_pace(person_weeks: int) -> float:
    """How many times longer than on the reference machine this machine takes now, within
    [FASTEST, SLOWEST]; 1.0 for a company too small for the reserves to matter."""
    if person_weeks < MIN_PERSON_WEEKS:
        return 1.0
    return measured_pace()


def measured_pace() -> float:
    """The loop timed now (the benchmarks print it beside their figures)."""
    taken = median(_loop_s() for _ in range(SAMPLES))
    return min(SLOWEST, max(FASTEST, taken / REFERENCE_S))


def _loop_s() -> float:
    started = perf_counter()
    total = 0
    for step in range(LOOP):
        total += step
    return perf_counter() - started
