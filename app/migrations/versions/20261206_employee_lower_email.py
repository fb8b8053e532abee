"""the directory's lookups by email and userName use an index

SCIM matches a User by email and userName in any case (`lower(...) = ...`); without an
expression index each lookup read the whole employee table, so provisioning slowed as the
company grew.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_employee_lower_email", "employee", [sa.text("lower(email)")])
    op.create_index("ix_employee_lower_user_name", "employee", [sa.text("lower(user_name)")])


def downgrade() -> None:
    op.drop_index("ix_employee_lower_user_name", table_name="employee")
    op.drop_index("ix_employee_lower_email", table_name="employee")
