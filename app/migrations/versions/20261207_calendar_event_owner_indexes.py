"""calendar events found by owner and kind together

A feed asks for one person's (or department's) events of some kinds. With an index on the
owner and another on the kind, PostgreSQL could AND the two bitmaps, reading the kind's
whole index (150,000 entries at 10,000 people) for the 300 events of one person; one index
on both columns reads only those. The owner's own index is the new one's prefix.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 05:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for owner in ("employee", "department"):
        op.create_index(
            f"ix_calendar_event_{owner}_kind", "calendar_event", [f"{owner}_id", "kind"]
        )
        op.drop_index(f"ix_calendar_event_{owner}_id", table_name="calendar_event")


def downgrade() -> None:
    for owner in ("employee", "department"):
        op.create_index(f"ix_calendar_event_{owner}_id", "calendar_event", [f"{owner}_id"])
        op.drop_index(f"ix_calendar_event_{owner}_kind", table_name="calendar_event")
