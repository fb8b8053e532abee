"""events that change demand, and customers' patience for Erlang A

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "demand_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("lift_percent", sa.Float(), nullable=False),
    )
    with op.batch_alter_table("channel_target") as batch:
        batch.add_column(sa.Column("patience_seconds", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channel_target") as batch:
        batch.drop_column("patience_seconds")
    op.drop_table("demand_event")
