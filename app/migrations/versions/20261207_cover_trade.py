"""a cover taken in return for a turn of the taker's (a trade)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cover_request") as batch:
        batch.add_column(sa.Column("trade_turn_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_cover_request_trade_turn_id", "schedule_turn", ["trade_turn_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("cover_request") as batch:
        batch.drop_constraint("fk_cover_request_trade_turn_id", type_="foreignkey")
        batch.drop_column("trade_turn_id")
