"""directory sign-in: single sign-on subjects, sign-in links, SCIM tokens, directory ids

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:05:35
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "scim_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", String(length=100), nullable=False),
        sa.Column("token_hash", String(length=64), nullable=False),
        sa.Column("prefix", String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("last_used_at", Moment(), nullable=True),
        sa.Column("revoked_at", Moment(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scim_token_token_hash", "scim_token", ["token_hash"], unique=True)
    op.create_table(
        "sign_in_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), sa.ForeignKey("employee.id"), nullable=False),
        sa.Column("salt", String(length=32), nullable=False),
        sa.Column("token_hash", String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("expires_at", Moment(), nullable=False),
        sa.Column("used_at", Moment(), nullable=True),
        sa.Column("revoked_at", Moment(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_link_employee_id", "sign_in_link", ["employee_id"])
    op.create_index("ix_sign_in_link_token_hash", "sign_in_link", ["token_hash"], unique=True)

    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("oidc_subject", String(length=255), nullable=True))
        batch.add_column(sa.Column("last_sign_in_at", Moment(), nullable=True))
        batch.create_unique_constraint("uq_app_user_oidc_subject", ["oidc_subject"])
    with op.batch_alter_table("department") as batch:
        batch.add_column(sa.Column("external_id", String(length=255), nullable=True))
        batch.create_unique_constraint("uq_department_external_id", ["external_id"])
    with op.batch_alter_table("employee") as batch:
        batch.add_column(sa.Column("external_id", String(length=255), nullable=True))
        batch.add_column(sa.Column("user_name", String(length=254), nullable=True))
        batch.add_column(sa.Column("employee_number", String(length=64), nullable=True))
        batch.add_column(sa.Column("manager_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("directory_profile", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("directory_removed_at", Moment(), nullable=True))
        batch.create_unique_constraint("uq_employee_external_id", ["external_id"])
        batch.create_foreign_key("fk_employee_manager_id", "employee", ["manager_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("employee") as batch:
        batch.drop_constraint("fk_employee_manager_id", type_="foreignkey")
        batch.drop_constraint("uq_employee_external_id", type_="unique")
        for column in (
            "directory_removed_at",
            "directory_profile",
            "manager_id",
            "employee_number",
            "user_name",
            "external_id",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("department") as batch:
        batch.drop_constraint("uq_department_external_id", type_="unique")
        batch.drop_column("external_id")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("uq_app_user_oidc_subject", type_="unique")
        batch.drop_column("last_sign_in_at")
        batch.drop_column("oidc_subject")
    op.drop_table("sign_in_link")
    op.drop_table("scim_token")
