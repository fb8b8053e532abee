"""publishing is a job: the job remembers whether it may end the published plan early

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("solve_job") as batch:
        batch.add_column(
            sa.Column("end_early", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("solve_job") as batch:
        batch.drop_column("end_early")
