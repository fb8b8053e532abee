"""A queued job reaches the task queue only after its transaction commits, so a worker never
looks for a job that is not there yet (or was rolled back)."""

from sqlmodel import Session

from app.db import after_commit
from app.events import SolveQueued, on
from app.schedules import tasks


@on(SolveQueued)
def enqueue_after_commit(session: Session, event: SolveQueued) -> None:
    job_id = event.job_id
    after_commit(session, lambda: tasks.enqueue_solve(job_id))
