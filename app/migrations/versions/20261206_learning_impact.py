"""contacts per week and help-desk tag, tag → product area, learnings' tags and fix date;
how long leavers are kept

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_tag_week",
        sa.Column("week", sa.Date(), primary_key=True),
        sa.Column("tag", sa.String(100), primary_key=True),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("relief_n", sa.Integer(), nullable=False),
        sa.Column("relief_sum", sa.Float(), nullable=False),
        sa.Column("resolution_n", sa.Integer(), nullable=False),
        sa.Column("resolution_sum", sa.Float(), nullable=False),
    )
    op.create_table(
        "product_area_tag",
        sa.Column("tag", sa.String(100), primary_key=True),
        sa.Column("area", sa.String(100), nullable=False),
    )
    op.create_index("ix_product_area_tag_area", "product_area_tag", ["area"])
    op.add_column("learning", sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("learning", sa.Column("fixed_on", sa.Date(), nullable=True))
    op.add_column(
        "rotation_settings",
        sa.Column("retention_months", sa.Integer(), nullable=False, server_default="24"),
    )
    # Learnings already done count from the day they were marked done.
    op.execute(
        "UPDATE learning SET fixed_on = CAST(status_changed_at AS DATE) "
        "WHERE status = 'done' AND status_changed_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("rotation_settings") as batch:
        batch.drop_column("retention_months")
    with op.batch_alter_table("learning") as batch:
        batch.drop_column("fixed_on")
        batch.drop_column("tags")
    op.drop_table("product_area_tag")
    op.drop_table("contact_tag_week")
