"""who approves taken swaps and cover: HR, or the department lead (HR too)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rotation_settings") as batch:
        batch.add_column(sa.Column("approver", sa.String(10), nullable=False, server_default="hr"))


def downgrade() -> None:
    with op.batch_alter_table("rotation_settings") as batch:
        batch.drop_column("approver")
