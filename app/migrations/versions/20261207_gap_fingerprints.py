"""schedules keep each week's diagnosis fingerprint

A re-plan compares a week's diagnosis fingerprint (what the causes of its gaps are read from)
with the one it computes now, and keeps that week's gaps as they were when it matches.
Schedules stored before have none: their next re-plan diagnoses every week once, as before.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 12:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedule") as batch:
        batch.add_column(
            sa.Column("gap_fingerprints", sa.JSON(), nullable=False, server_default="{}")
        )


def downgrade() -> None:
    with op.batch_alter_table("schedule") as batch:
        batch.drop_column("gap_fingerprints")
