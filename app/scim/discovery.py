"""What the service provider supports (RFC 7644 §4): config, resource types, schemas."""

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    ETag,
    Filter,
    Meta,
    Patch,
    ServiceProviderConfig,
    Sort,
)

from app.scim.query import MAX_RESULTS
from app.scim.resources import resource_types, schemas

DOCS = "https://github.com/rota-scheduler/rota/blob/main/docs/directory.md"


def config(base: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=DOCS,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="Bearer token",
                description="A token from `rota scim-token` or the admin pages",
                primary=True,
            )
        ],
        meta=Meta(resource_type="ServiceProviderConfig", location=f"{base}/ServiceProviderConfig"),
    )


def described_schemas(base: str) -> list:
    found = schemas()
    for schema in found:
        schema.meta = Meta(resource_type="Schema", location=f"{base}/Schemas/{schema.id}")
    return found


def described_types(base: str) -> list:
    found = resource_types()
    for kind in found:
        kind.meta = Meta(resource_type="ResourceType", location=f"{base}/ResourceTypes/{kind.id}")
    return found
