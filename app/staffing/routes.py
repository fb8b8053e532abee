"""REST: how many people a queue needs (Erlang C), each channel's target, and the demand's
advice for the coverage needs."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from app.auth.deps import CurrentUser, HRUser
from app.db import SessionDep
from app.errors import Invalid
from app.staffing import recommend, service, views
from app.staffing.models import ChannelTargetBase, ChannelTargetPublic
from app.validation import Count
from staffing_math.erlang import agents_for, traffic

router = APIRouter(tags=["staffing"])


class ErlangAnswer(BaseModel):
    agents: int
    service_level: float
    asa_seconds: float
    occupancy: float
    waiting_probability: float
    traffic_erlangs: float


@router.get("/staffing/erlang")
def erlang(
    _user: CurrentUser,
    calls: Annotated[float, Query(ge=0, le=1_000_000, description="Contacts in the interval")],
    interval_minutes: Annotated[float, Query(gt=0, le=1440)] = 30,
    aht_seconds: Annotated[float, Query(gt=0, le=86_400, description="Average handle time")] = 180,
    target: Annotated[
        float, Query(gt=0, lt=1, description="Share answered in time, e.g. 0.8")
    ] = 0.8,
    within_seconds: Annotated[float, Query(ge=0, le=86_400)] = 20,
    concurrency: Annotated[int, Query(ge=1, le=10, description="Chats at once per agent")] = 1,
    max_occupancy: Annotated[float, Query(gt=0, le=1)] = 1.0,
) -> ErlangAnswer:
    """The fewest agents for a service-level target ("80 % within 20 s"), with the service
    level, average speed of answer and occupancy they would reach."""
    interval_s = interval_minutes * 60
    try:
        result = agents_for(
            calls, interval_s, aht_seconds, target, within_seconds, max_occupancy, concurrency
        )
    except ValueError as exc:
        field = "max_occupancy" if "occupancy" in str(exc) else "calls"
        raise Invalid(f"No staffing for these figures: {exc}.", field=field) from exc
    return ErlangAnswer(
        agents=result.agents,
        service_level=round(result.service_level, 6),
        asa_seconds=round(result.asa_seconds, 3),
        occupancy=round(result.occupancy, 6),
        waiting_probability=round(result.waiting_probability, 6),
        traffic_erlangs=round(traffic(calls, interval_s, aht_seconds), 6),
    )


@router.get("/staffing/targets")
def list_targets(session: SessionDep, _hr: HRUser) -> list[ChannelTargetPublic]:
    """Each channel's queue model and target; `configured: false` shows the starting figures
    Rota uses until HR sets their own."""
    return service.list_targets(session)


@router.put("/staffing/targets/{channel_id}")
def set_target(
    channel_id: int, body: ChannelTargetBase, session: SessionDep, _hr: HRUser
) -> ChannelTargetPublic:
    return service.set_target(session, channel_id, body)


@router.get("/staffing/recommendation")
def recommendation(
    session: SessionDep, _hr: HRUser, weeks: Annotated[int, Query(ge=1, le=52)] = 13
) -> views.StaffingAdvice:
    """People per shift × channel × weekday for the busiest week of the next `weeks`, beside
    today's coverage needs. `changes` is the diff that applying would make; send its `tag`."""
    return views.advice_summary(recommend.advise(session, weeks))


class ApplyAdvice(BaseModel):
    tag: str = Field(min_length=1, max_length=64, description="From GET /staffing/recommendation")
    weeks: Count = Field(default=13, ge=1, le=52)


@router.post("/staffing/recommendation/apply")
def apply_recommendation(body: ApplyAdvice, session: SessionDep, _hr: HRUser) -> dict[str, int]:
    """Write the shown changes into the coverage needs, all or none; 409 when the demand or
    the needs changed since (fetch the recommendation again)."""
    applied = service.apply_advice(session, body.weeks, body.tag)
    return {"created": applied.created, "updated": applied.updated}
