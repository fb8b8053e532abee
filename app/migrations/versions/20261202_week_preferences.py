"""weeks people would rather avoid, or would like, on the line

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "week_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("wish", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("employee_id", "week_start"),
    )
    op.create_index("ix_week_preference_employee_id", "week_preference", ["employee_id"])
    op.create_index("ix_week_preference_week_start", "week_preference", ["week_start"])


def downgrade() -> None:
    op.drop_index("ix_week_preference_week_start", table_name="week_preference")
    op.drop_index("ix_week_preference_employee_id", table_name="week_preference")
    op.drop_table("week_preference")
