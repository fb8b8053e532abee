"""HR's mentor pool: by default the support team mentors on every channel and others on the
channels they have grown into; HR adds someone on every channel (a senior engineer who loves
onboarding) or takes someone out (on leave from mentoring, a new lead). The solver reads it as
`Person.mentor`, so every stage — seating, pairing, gaps, cover checks — asks one rule."""

from datetime import datetime

from sqlmodel import Field, Session, SQLModel, col, select

from app import audit
from app.clock import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.people.models import Employee
from app.validation import Count, Line


class MentorPoolEntry(SQLModel, table=True):
    __tablename__ = "mentor_pool"
    id: int | None = Field(default=None, primary_key=True)
    employee_id: Count = Field(foreign_key="employee.id", unique=True)
    member: bool  # True: mentors on every channel; False: never mentors
    note: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class MentorPoolCreate(SQLModel):
    employee_id: Count
    member: bool = Field(
        description="true: in the pool on every channel; false: out of it (never a mentor)"
    )
    note: Line = Field(default="", max_length=300)


class MentorPoolPublic(SQLModel):
    id: int
    employee_id: int
    member: bool
    note: str
    created_at: datetime


def add(session: Session, data: MentorPoolCreate) -> MentorPoolEntry:
    if session.get(Employee, data.employee_id) is None:
        raise Invalid(f"Employee {data.employee_id} does not exist.", field="employee_id")
    existing = session.exec(
        select(MentorPoolEntry).where(MentorPoolEntry.employee_id == data.employee_id)
    ).first()
    if existing is not None:
        raise Conflict(
            f"HR's word on this person is already set ({existing.id}); remove it first.",
            field="employee_id",
        )
    entry = MentorPoolEntry.model_validate(data)
    session.add(entry)
    session.flush()
    return entry


def remove(session: Session, entry_id: int) -> None:
    entry = session.get(MentorPoolEntry, entry_id)
    if entry is None:
        raise NotFound(f"Mentor pool entry {entry_id} does not exist.")
    session.delete(entry)
    session.flush()


def listed(session: Session) -> list[MentorPoolEntry]:
    return list(session.exec(select(MentorPoolEntry).order_by(col(MentorPoolEntry.id))).all())


def word(session: Session) -> dict[int, bool]:
    """HR's word by person: in the pool (True) or out of it (False)."""
    rows = session.exec(select(MentorPoolEntry.employee_id, MentorPoolEntry.member)).all()
    return dict(rows)


audit.track(MentorPoolEntry)
