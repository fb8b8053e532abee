"""coverage needs say whether spare seats are filled

Until now every seat between a need's minimum and its maximum was filled with support staff
who were free, which concentrated the team's hours on a few people and overstaffed the line.
A need now fills up to its maximum only when HR ticks it; existing needs start unticked.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("coverage_need") as batch:
        batch.add_column(
            sa.Column("fill_to_max", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("coverage_need") as batch:
        batch.drop_column("fill_to_max")
