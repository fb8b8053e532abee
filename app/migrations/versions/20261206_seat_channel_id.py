"""seats refer to their channel by id

A seat stored only its channel's name, so renaming a channel detached every stored seat from
the coverage report. The id is filled from the name for existing seats; a seat whose channel
is gone keeps its name as its label.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 12:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedule_shift") as batch:
        batch.add_column(sa.Column("channel_id", sa.Integer(), nullable=True))
        batch.create_index("ix_schedule_shift_channel_id", ["channel_id"])
        batch.create_foreign_key(
            "fk_schedule_shift_channel_id", "channel", ["channel_id"], ["id"], ondelete="SET NULL"
        )
    op.execute(
        "UPDATE schedule_shift SET channel_id = "
        "(SELECT channel.id FROM channel WHERE channel.name = schedule_shift.channel)"
    )


def downgrade() -> None:
    with op.batch_alter_table("schedule_shift") as batch:
        batch.drop_constraint("fk_schedule_shift_channel_id", type_="foreignkey")
        batch.drop_index("ix_schedule_shift_channel_id")
        batch.drop_column("channel_id")
