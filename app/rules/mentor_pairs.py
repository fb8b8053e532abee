"""HR's word on mentoring pairs: a mentor and a new hire to pair where possible, or never
(the solver's mentoring pass reads them; a pairing it could not make is a gap that says so)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from app import audit
from app.clock import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.people.models import Employee
from app.validation import Count, Line


class MentorPair(SQLModel, table=True):
    __tablename__ = "mentor_pair"
    __table_args__ = (UniqueConstraint("mentee_id", "mentor_id"),)
    id: int | None = Field(default=None, primary_key=True)
    mentee_id: Count = Field(foreign_key="employee.id", index=True)
    mentor_id: Count = Field(foreign_key="employee.id", index=True)
    prefer: bool  # False: avoid
    note: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class MentorPairCreate(SQLModel):
    mentee_id: Count
    mentor_id: Count
    prefer: bool = Field(description="true: pair them where possible; false: never pair them")
    note: Line = Field(default="", max_length=300)


class MentorPairPublic(SQLModel):
    id: int
    mentee_id: int
    mentor_id: int
    prefer: bool
    note: str
    created_at: datetime


def add(session: Session, data: MentorPairCreate) -> MentorPair:
    if data.mentee_id == data.mentor_id:
        raise Invalid("A new hire cannot mentor themselves.", field="mentor_id")
    for field in ("mentee_id", "mentor_id"):
        if session.get(Employee, getattr(data, field)) is None:
            raise Invalid(f"Employee {getattr(data, field)} does not exist.", field=field)
    existing = session.exec(
        select(MentorPair).where(
            MentorPair.mentee_id == data.mentee_id, MentorPair.mentor_id == data.mentor_id
        )
    ).first()
    if existing is not None:
        raise Conflict(f"These two already have a pairing ({existing.id}).", field="mentor_id")
    pair = MentorPair.model_validate(data)
    session.add(pair)
    session.flush()
    return pair


def remove(session: Session, pair_id: int) -> None:
    pair = session.get(MentorPair, pair_id)
    if pair is None:
        raise NotFound(f"Mentor pairing {pair_id} does not exist.")
    session.delete(pair)
    session.flush()


def listed(session: Session) -> list[MentorPair]:
    return list(session.exec(select(MentorPair).order_by(col(MentorPair.id))).all())


audit.track(MentorPair)
