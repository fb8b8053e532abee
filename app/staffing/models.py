"""How each channel is staffed from its demand: the queue model and its targets."""

from typing import Literal

from sqlmodel import Field, SQLModel

from app import audit
from app.validation import Count, Number

Model = Literal["erlang_c", "erlang_a", "backlog"]


class ChannelTargetBase(SQLModel):
    model: Model = Field(
        default="erlang_c",
        max_length=10,
        description="erlang_c for phone and chat (answered live); erlang_a the same with "
        "customers who hang up after patience_seconds on average; backlog for email",
    )
    aht_seconds: Count = Field(default=300, ge=10, le=86_400, description="Average handle time")
    target: Number = Field(
        default=0.8, ge=0.05, le=0.999, description="Share answered in time (0.05–0.999)"
    )
    within_seconds: Count = Field(
        default=20, ge=0, le=604_800, description="Answer time (Erlang C) or reply time (backlog)"
    )
    concurrency: Count = Field(default=1, ge=1, le=10, description="Conversations at once (chat)")
    # Below 0.3 no real line runs: a tiny cap asks for millions of agents.
    max_occupancy: Number = Field(default=0.85, ge=0.3, le=1, description="0.3–1")
    shrinkage: Number = Field(
        default=0.0, ge=0, lt=0.9, description="Share of rostered time not on contacts"
    )
    patience_seconds: Count | None = Field(
        default=None,
        ge=1,
        le=86_400,
        description="Mean time customers wait before hanging up (Erlang A only)",
    )


class ChannelTarget(ChannelTargetBase, table=True):
    __tablename__ = "channel_target"
    channel_id: Count = Field(foreign_key="channel.id", primary_key=True)
    model: str = Field(default="erlang_c", max_length=10)  # type: ignore[assignment]


class ChannelTargetPublic(ChannelTargetBase):
    channel_id: int
    channel: str
    configured: bool


def default_target(channel_name: str) -> ChannelTargetBase:
    """Sensible starting figures by the channel's usual name (HR sets their own)."""
    if channel_name in ("email", "mail", "tickets", "web"):
        return ChannelTargetBase(model="backlog", aht_seconds=600, within_seconds=4 * 3600)
    if channel_name in ("chat", "messaging", "live chat"):
        return ChannelTargetBase(aht_seconds=480, within_seconds=60, concurrency=2)
    return ChannelTargetBase(aht_seconds=300, within_seconds=20)


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(ChannelTarget)
