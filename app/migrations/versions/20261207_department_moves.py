"""a department move recorded ahead, effective on its day

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employee") as batch:
        batch.add_column(sa.Column("moves_to_department_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("moves_on", sa.Date(), nullable=True))
        batch.create_foreign_key(
            "fk_employee_moves_to_department", "department", ["moves_to_department_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("employee") as batch:
        batch.drop_constraint("fk_employee_moves_to_department", type_="foreignkey")
        batch.drop_column("moves_on")
        batch.drop_column("moves_to_department_id")
