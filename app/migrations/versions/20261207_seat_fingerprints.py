"""schedules keep each week's seating fingerprint

A re-plan compares a week's fingerprint (what its seats were planned from, and the seats) with
the one it computes now, and keeps a week that nothing has reached as it is. Schedules stored
before have none: their next re-plan seats every week once, as before.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedule") as batch:
        batch.add_column(
            sa.Column("seat_fingerprints", sa.JSON(), nullable=False, server_default="{}")
        )


def downgrade() -> None:
    with op.batch_alter_table("schedule") as batch:
        batch.drop_column("seat_fingerprints")
