"""contact history, outcome and demand counts, channel staffing targets; learnings cite
tickets

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:08:46.449656
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("first_response_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("relief_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("solved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("first_response_s", sa.Integer(), nullable=True),
        sa.Column("relief_s", sa.Integer(), nullable=True),
        sa.Column("resolution_s", sa.Integer(), nullable=True),
        sa.Column("reopened", sa.Boolean(), nullable=False),
        sa.Column("customer_timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("customer_country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("assignee_email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("satisfaction", sa.Float(), nullable=True),
        sa.Column("tags", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("answered_by", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("moved_from_week", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["employee.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "external_id", name="uq_contact_source_id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_week"), ["week"], unique=False)

    with op.batch_alter_table("learning") as batch:
        batch.add_column(sa.Column("ticket_ids", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "contact_week",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("answered_by", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfaction_sum", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("week", "channel", "answered_by"),
    )
    op.create_table(
        "contact_wait",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("answered_by", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("metric", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("week", "channel", "answered_by", "metric"),
    )
    op.create_table(
        "contact_slot",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "channel", "slot"),
    )
    op.create_table(
        "contact_zone",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("zone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "zone", "slot"),
    )
    op.create_table(
        "channel_target",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("aht_seconds", sa.Integer(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("within_seconds", sa.Integer(), nullable=False),
        sa.Column("concurrency", sa.Integer(), nullable=False),
        sa.Column("max_occupancy", sa.Float(), nullable=False),
        sa.Column("shrinkage", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["channel_id"], ["channel.id"], name="fk_channel_target_channel"),
        sa.PrimaryKeyConstraint("channel_id"),
    )


def downgrade() -> None:
    with op.batch_alter_table("learning") as batch:
        batch.drop_column("ticket_ids")
    op.drop_table("channel_target")
    op.drop_table("contact_zone")
    op.drop_table("contact_slot")
    op.drop_table("contact_wait")
    op.drop_table("contact_week")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_week"))
        batch_op.drop_index(batch_op.f("ix_contact_assignee_id"))

    op.drop_table("contact")
