"""Offset pagination shared by every list endpoint."""

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")


class PageParams(BaseModel):
    limit: int = 50
    offset: int = 0


def page_params(
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def paginate(session: Session, query: SelectOfScalar[Any], page: PageParams) -> Page[Any]:
    # Counted without the order: the database would sort every row only to count them.
    counted = query.order_by(None).subquery()
    total = session.exec(select(func.count()).select_from(counted)).one()
    items = list(session.exec(query.limit(page.limit).offset(page.offset)).all())
    return Page[Any](items=items, total=total, limit=page.limit, offset=page.offset)
