"""/scim/v2: the SCIM endpoints. Handlers read the request, call the users or groups
service, and answer in SCIM's own media type, error format and ETags."""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from scim2_models import (
    Context,
    ListResponse,
    ResourceType,
    ResponseParameters,
    Schema,
    SCIMException,
    SearchRequest,
)

from app import audit
from app.auth import scim_tokens
from app.auth.models import ScimToken
from app.config import get_settings
from app.db import SessionDep
from app.errors import Unauthorized
from app.scim import discovery, groups, payloads, query, users
from app.scim.errors import MEDIA, ScimError
from app.scim.resources import ScimGroup, ScimUser

PREFIX = "/scim/v2"


def base_url() -> str:
    return get_settings().base_url.rstrip("/") + PREFIX


def directory(
    session: SessionDep, authorization: Annotated[str | None, Header()] = None
) -> ScimToken:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ScimError(401, "Send a SCIM token as 'Authorization: Bearer <token>'.")
    try:
        found = scim_tokens.authenticate(session, token.strip())
    except Unauthorized as exc:
        raise ScimError(401, exc.detail) from exc
    audit.act_as(session, f"scim-token:{found.id}")
    return found


router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(directory)])


def answer(
    body: Any,
    status: int = 200,
    context: Context = Context.RESOURCE_QUERY_RESPONSE,
    shown: ResponseParameters | None = None,
) -> JSONResponse:
    data = body.model_dump(mode="json", scim_ctx=context, response_parameters=shown)
    headers = {}
    meta = data.get("meta") or {}
    if meta.get("version"):
        headers["ETag"] = meta["version"]
    if status == 201 and meta.get("location"):
        headers["Location"] = meta["location"]
    return JSONResponse(data, status, headers=headers, media_type=MEDIA)


async def body_of(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError as exc:
        raise ScimError(400, f"The body is not JSON: {exc}", "invalidSyntax") from exc


ScimBody = Annotated[Any, Depends(body_of)]


def shown_params(request: Request) -> ResponseParameters | None:
    attributes = request.query_params.get("attributes")
    excluded = request.query_params.get("excludedAttributes")
    if not attributes and not excluded:
        return None
    try:
        return ResponseParameters(
            attributes=attributes.split(",") if attributes else None,
            excluded_attributes=excluded.split(",") if excluded else None,
        )
    except ValueError as exc:
        raise ScimError(400, f"attributes: {exc}", "invalidPath") from exc


def version_of(resource: Any) -> str:
    return str(resource.meta.version)


def check_version(request: Request, current: str) -> None:
    """If-Match with another version means someone changed the record meanwhile."""
    wanted = request.headers.get("if-match")
    if wanted and wanted.strip() != "*" and current not in [v.strip() for v in wanted.split(",")]:
        raise ScimError(412, "The resource changed since that version was read.")


def unchanged(request: Request, current: str) -> bool:
    wanted = request.headers.get("if-none-match") or ""
    return current in [v.strip() for v in wanted.split(",")]


def _search_request(model: Any, payload: Any) -> tuple[Any, Any, int, int]:
    """A POST .search body (RFC 7644 §3.4.3): the same filter, paging and attributes."""
    try:
        search = SearchRequest[model].model_validate(payload, scim_ctx=Context.SEARCH_REQUEST)
    except (ValidationError, SCIMException) as exc:
        raise ScimError(400, f"Not a valid SearchRequest: {exc}", "invalidValue") from exc
    start, count = query.paging(
        str(search.start_index) if search.start_index is not None else None,
        str(search.count) if search.count is not None else None,
    )
    found = query.parse_filter(model, str(search.filter)) if search.filter else None
    return search, found, start, count


# --- Discovery --------------------------------------------------------------------------------


@router.get("/ServiceProviderConfig")
def service_provider_config() -> JSONResponse:
    return answer(discovery.config(base_url()))


def _listing(
    model: Any, items: list[Any], start: int, count: int, shown: Any = None
) -> JSONResponse:
    return _paged(model, len(items), items[start - 1 : start - 1 + count], start, shown)


def _paged(model: Any, total: int, page: list[Any], start: int, shown: Any = None) -> JSONResponse:
    response = ListResponse[model](
        total_results=total, start_index=start, items_per_page=len(page), resources=page
    )
    return answer(response, context=Context.SEARCH_RESPONSE, shown=shown)


@router.get("/ResourceTypes")
def list_resource_types() -> JSONResponse:
    found = discovery.described_types(base_url())
    return _listing(ResourceType, found, 1, len(found))


@router.get("/ResourceTypes/{name}")
def read_resource_type(name: str) -> JSONResponse:
    for kind in discovery.described_types(base_url()):
        if kind.id == name:
            return answer(kind)
    raise ScimError(404, f"No resource type {name!r}.")


@router.get("/Schemas")
def list_schemas() -> JSONResponse:
    found = discovery.described_schemas(base_url())
    return _listing(Schema, found, 1, len(found))


@router.get("/Schemas/{schema_id}")
def read_schema(schema_id: str) -> JSONResponse:
    for schema in discovery.described_schemas(base_url()):
        if schema.id == schema_id:
            return answer(schema)
    raise ScimError(404, f"No schema {schema_id!r}.")


@router.post("/.search")
def search_everything(payload: ScimBody, session: SessionDep) -> JSONResponse:
    """Users and Groups at once (RFC 7644 §3.4.3): a filter naming an attribute only one of
    them has is false for the other."""
    model = ScimUser | ScimGroup
    search, found, start, count = _search_request(model, payload)
    items = [
        *query.users(session, found, lambda e: users.to_scim(session, e, base_url()))[1],
        *query.groups(session, found, lambda d: groups.to_scim(session, d, base_url()))[1],
    ]
    return _listing(model, items, start, count, search)


# --- Users ------------------------------------------------------------------------------------


@router.get("/Users")
def list_users(request: Request, session: SessionDep) -> JSONResponse:
    params = request.query_params
    start, count = query.paging(params.get("startIndex"), params.get("count"))
    found = query.parse_filter(ScimUser, params.get("filter"))
    total, page = query.users(
        session, found, lambda e: users.to_scim(session, e, base_url()), (start, count)
    )
    return _paged(ScimUser, total, page, start, shown_params(request))


@router.post("/Users/.search")
def search_users(payload: ScimBody, session: SessionDep) -> JSONResponse:
    search, found, start, count = _search_request(ScimUser, payload)
    total, page = query.users(
        session, found, lambda e: users.to_scim(session, e, base_url()), (start, count)
    )
    return _paged(ScimUser, total, page, start, search)


@router.post("/Users")
def create_user(payload: ScimBody, session: SessionDep) -> JSONResponse:
    resource = payloads.parse(ScimUser, payload, Context.RESOURCE_CREATION_REQUEST)
    employee = users.save(session, resource, None)
    return answer(
        users.to_scim(session, employee, base_url()), 201, Context.RESOURCE_CREATION_RESPONSE
    )


@router.get("/Users/{user_id}")
def read_user(user_id: str, request: Request, session: SessionDep) -> Response:
    resource = users.to_scim(session, users.get(session, user_id), base_url())
    if unchanged(request, version_of(resource)):
        return Response(status_code=304, headers={"ETag": version_of(resource)})
    return answer(resource, shown=shown_params(request))


@router.put("/Users/{user_id}")
def replace_user(
    user_id: str, payload: ScimBody, request: Request, session: SessionDep
) -> JSONResponse:
    employee = users.get(session, user_id)
    check_version(request, version_of(users.to_scim(session, employee, base_url())))
    resource = payloads.parse(ScimUser, payload, Context.RESOURCE_REPLACEMENT_REQUEST)
    employee = users.save(session, resource, employee)
    return answer(
        users.to_scim(session, employee, base_url()), context=Context.RESOURCE_REPLACEMENT_RESPONSE
    )


@router.patch("/Users/{user_id}")
def patch_user(
    user_id: str, payload: ScimBody, request: Request, session: SessionDep
) -> JSONResponse:
    employee = users.get(session, user_id)
    check_version(request, version_of(users.to_scim(session, employee, base_url())))
    employee = users.patch(session, employee, payload, base_url())
    return answer(
        users.to_scim(session, employee, base_url()), context=Context.RESOURCE_PATCH_RESPONSE
    )


@router.delete("/Users/{user_id}", status_code=204)
def delete_user(user_id: str, request: Request, session: SessionDep) -> Response:
    employee = users.get(session, user_id)
    check_version(request, version_of(users.to_scim(session, employee, base_url())))
    users.delete(session, employee)
    return Response(status_code=204)


# --- Groups -----------------------------------------------------------------------------------


@router.get("/Groups")
def list_groups(request: Request, session: SessionDep) -> JSONResponse:
    params = request.query_params
    start, count = query.paging(params.get("startIndex"), params.get("count"))
    found = query.parse_filter(ScimGroup, params.get("filter"))
    total, page = query.groups(
        session, found, lambda d: groups.to_scim(session, d, base_url()), (start, count)
    )
    return _paged(ScimGroup, total, page, start, shown_params(request))


@router.post("/Groups/.search")
def search_groups(payload: ScimBody, session: SessionDep) -> JSONResponse:
    search, found, start, count = _search_request(ScimGroup, payload)
    total, page = query.groups(
        session, found, lambda d: groups.to_scim(session, d, base_url()), (start, count)
    )
    return _paged(ScimGroup, total, page, start, search)


@router.post("/Groups")
def create_group(payload: ScimBody, session: SessionDep) -> JSONResponse:
    resource = payloads.parse(ScimGroup, payload, Context.RESOURCE_CREATION_REQUEST)
    department = groups.save(session, resource, None)
    return answer(
        groups.to_scim(session, department, base_url()), 201, Context.RESOURCE_CREATION_RESPONSE
    )


@router.get("/Groups/{group_id}")
def read_group(group_id: str, request: Request, session: SessionDep) -> Response:
    resource = groups.to_scim(session, groups.get(session, group_id), base_url())
    if unchanged(request, version_of(resource)):
        return Response(status_code=304, headers={"ETag": version_of(resource)})
    return answer(resource, shown=shown_params(request))


@router.put("/Groups/{group_id}")
def replace_group(
    group_id: str, payload: ScimBody, request: Request, session: SessionDep
) -> JSONResponse:
    department = groups.get(session, group_id)
    check_version(request, version_of(groups.to_scim(session, department, base_url())))
    resource = payloads.parse(ScimGroup, payload, Context.RESOURCE_REPLACEMENT_REQUEST)
    department = groups.save(session, resource, department)
    return answer(
        groups.to_scim(session, department, base_url()),
        context=Context.RESOURCE_REPLACEMENT_RESPONSE,
    )


@router.patch("/Groups/{group_id}")
def patch_group(
    group_id: str, payload: ScimBody, request: Request, session: SessionDep
) -> JSONResponse:
    department = groups.get(session, group_id)
    check_version(request, version_of(groups.to_scim(session, department, base_url())))
    department = groups.patch(session, department, payload, base_url())
    return answer(
        groups.to_scim(session, department, base_url()), context=Context.RESOURCE_PATCH_RESPONSE
    )


@router.delete("/Groups/{group_id}", status_code=204)
def delete_group(group_id: str, request: Request, session: SessionDep) -> Response:
    department = groups.get(session, group_id)
    check_version(request, version_of(groups.to_scim(session, department, base_url())))
    groups.delete(session, department)
    return Response(status_code=204)
