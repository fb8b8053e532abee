"""staffing targets within the ranges the API now accepts

Targets saved under the older, looser checks (an occupancy cap of 1e-6 asks for millions of
agents) are brought to the nearest value the edge accepts, so the advice and its page can
always be worked out.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE channel_target SET max_occupancy = 0.3 WHERE max_occupancy < 0.3")
    op.execute("UPDATE channel_target SET target = 0.05 WHERE target < 0.05")
    op.execute("UPDATE channel_target SET target = 0.999 WHERE target > 0.999")


def downgrade() -> None:
    pass  # the old values asked for impossible staffing; nothing to restore
