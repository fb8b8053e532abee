"""working weeks, hours by weekday, leaving dates, time off for part of a day, shift calendars,
and calendars subscribed for time off

Existing people keep Monday to Friday and their one window. A part-day absence holds the same
hours on each of its days; the uniqueness of a stretch of time off now counts its start time.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The initial schema left the time-off uniqueness unnamed; SQLite's copy gets this name.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
SPAN = "coalesce(from_time, '00:00:00')"


def upgrade() -> None:
    # Plain ADD COLUMN on both databases: no copy of the employee table (and its indexes).
    op.add_column(
        "employee",
        sa.Column("workdays", sa.JSON(), nullable=False, server_default="[0, 1, 2, 3, 4]"),
    )
    op.add_column(
        "employee", sa.Column("day_hours", sa.JSON(), nullable=False, server_default="{}")
    )
    op.add_column("employee", sa.Column("last_day", sa.Date(), nullable=True))
    op.add_column(
        "shift_template",
        sa.Column("holidays", sa.String(length=10), nullable=False, server_default="line"),
    )
    op.add_column("shift_template", sa.Column("holiday_country", sa.String(2), nullable=True))
    op.add_column("shift_template", sa.Column("holiday_subdivision", sa.String(10), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(
            "time_off_employee_id_first_day_last_day_key", "time_off", type_="unique"
        )
        with op.batch_alter_table("time_off") as batch:
            batch.add_column(sa.Column("from_time", sa.Time(), nullable=True))
            batch.add_column(sa.Column("to_time", sa.Time(), nullable=True))
    else:
        with op.batch_alter_table("time_off", naming_convention=NAMING) as batch:
            batch.drop_constraint("uq_time_off_employee_id", type_="unique")
            batch.add_column(sa.Column("from_time", sa.Time(), nullable=True))
            batch.add_column(sa.Column("to_time", sa.Time(), nullable=True))
    op.add_column("time_off", sa.Column("source", sa.String(300), nullable=True))
    op.create_index("ix_time_off_source", "time_off", ["source"])
    op.create_table(
        "time_off_feed",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("employee_id", sa.Integer(), sa.ForeignKey("employee.id"), nullable=True),
        sa.Column("etag", sa.String(300), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("polled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("ok_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("absences", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_time_off_feed_employee_id", "time_off_feed", ["employee_id"])
    op.create_index(
        "uq_time_off_span",
        "time_off",
        ["employee_id", "first_day", "last_day", sa.text(SPAN)],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("time_off_feed")
    op.drop_index("ix_time_off_source", table_name="time_off")
    op.drop_index("uq_time_off_span", table_name="time_off")
    with op.batch_alter_table("time_off") as batch:
        batch.drop_column("source")
        batch.drop_column("to_time")
        batch.drop_column("from_time")
        batch.create_unique_constraint(
            "time_off_employee_id_first_day_last_day_key", ["employee_id", "first_day", "last_day"]
        )
    with op.batch_alter_table("shift_template") as batch:
        batch.drop_column("holiday_subdivision")
        batch.drop_column("holiday_country")
        batch.drop_column("holidays")
    with op.batch_alter_table("employee") as batch:
        batch.drop_column("last_day")
        batch.drop_column("day_hours")
        batch.drop_column("workdays")
