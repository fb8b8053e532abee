"""mentoring that spreads: a weekly limit of new hires per mentor, HR's pairs

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rotation_settings") as batch:
        batch.add_column(
            sa.Column("mentees_per_mentor_week", sa.Integer(), nullable=False, server_default="3")
        )
    op.create_table(
        "mentor_pair",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mentee_id", sa.Integer(), sa.ForeignKey("employee.id"), nullable=False),
        sa.Column("mentor_id", sa.Integer(), sa.ForeignKey("employee.id"), nullable=False),
        sa.Column("prefer", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("mentee_id", "mentor_id"),
    )
    op.create_index("ix_mentor_pair_mentee_id", "mentor_pair", ["mentee_id"])
    op.create_index("ix_mentor_pair_mentor_id", "mentor_pair", ["mentor_id"])


def downgrade() -> None:
    op.drop_table("mentor_pair")
    with op.batch_alter_table("rotation_settings") as batch:
        batch.drop_column("mentees_per_mentor_week")
