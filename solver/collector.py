"""The cyclic garbage collector held off while a large plan is built.

A solve makes millions of small objects (tuples, dicts, seats) and keeps nearly all of them
until it ends; none of them form cycles worth collecting. Python's collector counts each
allocation and, every so often, walks every object still alive in the process: at 10,000
people that walk took a fifth of a re-plan. Held off for the solve, the collector runs again
as usual afterwards and frees whatever cycles the solve left. The switch is the process's:
in a worker that runs jobs on several threads, the others run without it meanwhile, and it
is on again once the block that turned it off has ended.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_held() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it
    (blocks may nest)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
