"""a holiday calendar per employee; causes on every gap; one name for a block's length

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employee") as batch:
        batch.add_column(
            sa.Column("holiday_country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True)
        )
        batch.add_column(
            sa.Column(
                "holiday_subdivision", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True
            )
        )
    with op.batch_alter_table("schedule_gap") as batch:
        batch.add_column(sa.Column("causes", sa.JSON(), nullable=False, server_default="[]"))
    # A turn's block length had a second name; rules call it turn_weeks.
    with op.batch_alter_table("schedule_turn") as batch:
        batch.alter_column("block_weeks", new_column_name="turn_weeks")


def downgrade() -> None:
    with op.batch_alter_table("schedule_turn") as batch:
        batch.alter_column("turn_weeks", new_column_name="block_weeks")
    with op.batch_alter_table("schedule_gap") as batch:
        batch.drop_column("causes")
    with op.batch_alter_table("employee") as batch:
        batch.drop_column("holiday_subdivision")
        batch.drop_column("holiday_country")
