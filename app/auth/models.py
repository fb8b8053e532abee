"""Users, roles and API tokens."""

from datetime import datetime
from enum import StrEnum

from pydantic import EmailStr, field_validator
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count, Flag, Instant, Line, normalize_email


class Role(StrEnum):
    admin = "admin"
    hr = "hr"
    employee = "employee"


class UserBase(SQLModel):
    email: EmailStr = Field(max_length=254)
    name: Line = Field(default="", max_length=200)
    role: Role = Role.employee
    employee_id: Count | None = Field(
        default=None, description="The employee this login belongs to"
    )
    active: Flag = True

    @field_validator("email", mode="before")
    @classmethod
    def _normal_email(cls, value: object) -> object:
        return normalize_email(value) if isinstance(value, str) else value


class UserCreate(UserBase):
    password: str | None = Field(default=None, min_length=8, max_length=200)


class UserUpdate(SQLModel):
    name: Line | None = Field(default=None, max_length=200)
    role: Role | None = None
    employee_id: Count | None = None
    active: Flag | None = None
    password: str | None = Field(default=None, min_length=8, max_length=200)


class User(UserBase, table=True):
    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    # Stored as text so that a new role needs no enum migration.
    role: str = Field(default=Role.employee.value, max_length=20)  # type: ignore[assignment]
    employee_id: Count | None = Field(default=None, foreign_key="employee.id", unique=True)
    password_hash: str | None = Field(default=None, max_length=255)
    # The identity provider's subject, once this login has signed in with single sign-on.
    oidc_subject: str | None = Field(default=None, max_length=255, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_sign_in_at: datetime | None = None


class UserPublic(UserBase):
    id: int
    email: str
    single_sign_on: bool = False
    last_sign_in_at: datetime | None = None

    @classmethod
    def of(cls, user: "User") -> "UserPublic":
        return cls.model_validate(user, update={"single_sign_on": bool(user.oidc_subject)})


class ApiTokenCreate(SQLModel):
    name: Line = Field(default="api", min_length=1, max_length=100)
    user_id: Count | None = Field(default=None, description="Admins may issue tokens for others")
    expires_at: Instant | None = Field(default=None, description="With an offset or Z")


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: Count = Field(foreign_key="app_user.id", index=True)
    name: str = Field(max_length=100)
    # Only a SHA-256 of the token is kept: tokens are 256-bit random, so a fast hash suffices
    # and a leaked database does not hand out working tokens.
    token_hash: str = Field(max_length=64, unique=True, index=True)
    prefix: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class ApiTokenPublic(SQLModel):
    id: int
    user_id: Count
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenIssued(ApiTokenPublic):
    token: str = Field(description="Shown once; store it now.")


class WebSession(SQLModel, table=True):
    """A signed-in browser. Only a hash of the cookie is stored, like API tokens."""

    __tablename__ = "web_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: Count = Field(foreign_key="app_user.id", index=True)
    csrf_secret: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    last_seen_at: datetime = Field(default_factory=utcnow)


class LoginAttempt(SQLModel, table=True):
    """A failed sign-in, kept briefly so that password guessing slows down on every server."""

    __tablename__ = "login_attempt"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, index=True)  # hash of the email and of the client address
    at: datetime = Field(default_factory=utcnow, index=True)


class SignInLink(SQLModel, table=True):
    """An invitation: a one-time sign-in link for an employee. Only a hash of the token is
    stored; the server can show the link again because the token is derived from the secret
    key and the row's salt."""

    __tablename__ = "sign_in_link"
    id: int | None = Field(default=None, primary_key=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)
    salt: str = Field(max_length=32)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


class InvitationCreate(SQLModel):
    employee_ids: list[Count] | None = Field(
        default=None, max_length=10_000, description="Whom to invite; leave out for everyone"
    )
    only_without_login: Flag = Field(
        default=True, description="Skip people who have signed in before"
    )


class InvitationPublic(SQLModel):
    id: int
    employee_id: int
    email: str
    name: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    status: str = Field(description="pending, used, expired or revoked")
    link: str | None = Field(default=None, description="While pending: the link to pass on")


class ScimToken(SQLModel, table=True):
    """A bearer token for directory sync (SCIM); it belongs to no user and opens only /scim."""

    __tablename__ = "scim_token"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    prefix: str = Field(max_length=16)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class ScimTokenCreate(SQLModel):
    name: Line = Field(default="directory", min_length=1, max_length=100)


class ScimTokenPublic(SQLModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ScimTokenIssued(ScimTokenPublic):
    token: str = Field(description="Shown once; paste it into the identity provider now.")


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(User)
audit.track(ApiToken)
audit.track(ScimToken)
audit.track(SignInLink)
audit.track(WebSession, actions=("create", "delete"))
