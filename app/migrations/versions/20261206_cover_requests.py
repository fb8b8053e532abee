"""cover requests and the colleagues asked to cover

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "cover_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), sa.ForeignKey("schedule.id"), nullable=False),
        sa.Column("turn_id", sa.Integer(), sa.ForeignKey("schedule_turn.id"), nullable=False),
        sa.Column("employee_id", sa.Integer(), sa.ForeignKey("employee.id"), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("asked_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("taken_by", sa.Integer(), sa.ForeignKey("employee.id"), nullable=True),
        sa.Column("taken_at", UTC(), nullable=True),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("give_back_until", UTC(), nullable=True),
        sa.Column("reminders", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("hr_told_at", UTC(), nullable=True),
        sa.Column("closed_reason", sa.String(300), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
    )
    for column in ("schedule_id", "turn_id", "employee_id", "status"):
        op.create_index(f"ix_cover_request_{column}", "cover_request", [column])
    op.create_table(
        "cover_ask",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("cover_request.id"), nullable=False),
        sa.Column("employee_id", sa.Integer(), sa.ForeignKey("employee.id"), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("why", sa.String(300), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("asked_at", UTC(), nullable=False),
        sa.Column("answer", sa.String(20), nullable=True),
        sa.Column("answered_at", UTC(), nullable=True),
        sa.UniqueConstraint("request_id", "employee_id"),
    )
    op.create_index("ix_cover_ask_request_id", "cover_ask", ["request_id"])
    op.create_index("ix_cover_ask_employee_id", "cover_ask", ["employee_id"])


def downgrade() -> None:
    op.drop_table("cover_ask")
    op.drop_table("cover_request")
