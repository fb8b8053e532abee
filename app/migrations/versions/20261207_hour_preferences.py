"""hours people prefer and hours they would rather not work, by weekday

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("preferred_hours", "avoided_hours"):
        op.add_column("employee", sa.Column(column, sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("employee") as batch:
        batch.drop_column("avoided_hours")
        batch.drop_column("preferred_hours")
