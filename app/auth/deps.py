"""Typed dependencies for the signed-in user and the roles a route needs."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app import audit
from app.auth import service
from app.auth.models import Role, User
from app.auth.scope import is_hr
from app.db import SessionDep
from app.errors import Unauthorized
from app.query_strict import known_query_only

_bearer = HTTPBearer(auto_error=False, description="An API token from `rota create-admin`")


def current_user(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send an API token as 'Authorization: Bearer <token>'.")
    user = service.authenticate_token(session=session, token=credentials.credentials)
    audit.act_as(session, audit.actor_of(user.id))
    known_query_only(request)
    return user


def _hr_user(user: Annotated[User, Depends(current_user)]) -> User:
    service.require_role(user, Role.hr, Role.admin)
    return user


def _admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    service.require_role(user, Role.admin)
    return user


__all__ = ["AdminUser", "CurrentUser", "HRUser", "current_user", "is_hr"]

CurrentUser = Annotated[User, Depends(current_user)]
HRUser = Annotated[User, Depends(_hr_user)]
AdminUser = Annotated[User, Depends(_admin_user)]
