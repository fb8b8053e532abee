"""REST: users (admin), the signed-in user, API tokens."""

from fastapi import APIRouter
from sqlmodel import col, select

from app.auth import service
from app.auth.deps import AdminUser, CurrentUser
from app.auth.models import (
    ApiTokenCreate,
    ApiTokenIssued,
    ApiTokenPublic,
    Role,
    User,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from app.db import SessionDep
from app.pagination import Page, PageDep, paginate

router = APIRouter(tags=["auth"])


@router.get("/me")
def read_me(user: CurrentUser) -> UserPublic:
    return UserPublic.of(user)


@router.get("/users")
def list_users(session: SessionDep, _admin: AdminUser, page: PageDep) -> Page[UserPublic]:
    return paginate(session, select(User).order_by(col(User.id)), page)


@router.post("/users", status_code=201)
def create_user(body: UserCreate, session: SessionDep, _admin: AdminUser) -> UserPublic:
    return UserPublic.of(service.create_user(session=session, data=body))


@router.get("/users/{user_id}")
def read_user(user_id: int, session: SessionDep, _admin: AdminUser) -> UserPublic:
    return UserPublic.of(service.get_user(session=session, user_id=user_id))


@router.patch("/users/{user_id}")
def update_user(
    user_id: int, body: UserUpdate, session: SessionDep, admin: AdminUser
) -> UserPublic:
    user = service.update_user(session=session, user_id=user_id, data=body, actor=admin)
    return UserPublic.of(user)


@router.get("/tokens")
def list_tokens(session: SessionDep, user: CurrentUser) -> list[ApiTokenPublic]:
    tokens = service.list_tokens(session=session, user=user)
    return [ApiTokenPublic.model_validate(t) for t in tokens]


@router.post("/tokens", status_code=201)
def issue_token(body: ApiTokenCreate, session: SessionDep, user: CurrentUser) -> ApiTokenIssued:
    owner = user
    if body.user_id is not None and body.user_id != user.id:
        service.require_role(user, Role.admin)
        owner = service.get_user(session=session, user_id=body.user_id)
    return service.issue_token(
        session=session, user=owner, name=body.name, expires_at=body.expires_at
    )


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: int, session: SessionDep, user: CurrentUser) -> ApiTokenPublic:
    token = service.revoke_token(session=session, token_id=token_id, actor=user)
    return ApiTokenPublic.model_validate(token)
