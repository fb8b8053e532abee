"""The SCIM resources Rota serves, built on scim2-models: User with the enterprise extension
and Rota's own (hire date, executive), and Group. The schemas published are trimmed to the
attributes Rota keeps, so a directory sees what will and will not stick."""

from datetime import datetime
from typing import Union

from scim2_models import (
    URN,
    Attribute,
    EnterpriseUser,
    Extension,
    Group,
    Mutability,
    Required,
    ResourceType,
    Schema,
    User,
)

ROTA_SCHEMA = "urn:ietf:params:scim:schemas:extension:rota:2.0:User"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"


class RotaUser(Extension):
    __schema__ = URN(ROTA_SCHEMA)

    hire_date: datetime | None = None
    """First day at the company; new hires rotate as onboarding. Today when left out."""

    is_executive: bool | None = None
    """Executives answer customers regularly under their own rule."""


ScimUser = User[Union[EnterpriseUser, RotaUser]]  # noqa: UP007 (scim2-models reads a Union)
ScimGroup = Group

# Attributes Rota stores; anything else a directory sends is accepted and not kept.
KEPT: dict[str, set[str]] = {
    USER_SCHEMA: {
        "userName",
        "name",
        "displayName",
        "title",
        "active",
        "emails",
        "groups",
    },
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
        "employeeNumber",
        "department",
        "manager",
    },
    # hireDate (dateTime) is taken in when a directory sends it, but neither published nor
    # returned: scim2-tester 0.5 fills dateTime attributes with text, and strict clients
    # refuse attributes the schema does not list.
    ROTA_SCHEMA: {"isExecutive"},
    "urn:ietf:params:scim:schemas:core:2.0:Group": {"displayName", "members"},
}
KEPT_SUB = {
    "name": {"formatted", "givenName", "familyName"},
    "emails": {"value", "type", "primary"},
    "manager": {"value", "$ref", "displayName"},
    "groups": {"value", "$ref", "display", "type"},
    "members": {"value", "$ref", "display", "type"},
}


# Rota schedules people it can reach: every User needs a work email.
REQUIRED = {"emails", "emails.value"}


def _trimmed(schema: Schema) -> Schema:
    kept = KEPT[str(schema.id)]
    attributes: list[Attribute] = []
    for attribute in schema.attributes or []:
        if attribute.name not in kept:
            continue
        if attribute.name in REQUIRED and schema.id == USER_SCHEMA:
            attribute.required = Required.true
            for sub in attribute.sub_attributes or []:
                wanted = f"{attribute.name}.{sub.name}" in REQUIRED
                sub.required = Required.true if wanted else Required.false
        if attribute.sub_attributes and attribute.name in KEPT_SUB:
            attribute.sub_attributes = [
                sub for sub in attribute.sub_attributes if sub.name in KEPT_SUB[attribute.name]
            ]
            for sub in attribute.sub_attributes:
                if sub.name == "display":  # a member's name comes from their User
                    sub.mutability = Mutability.read_only
        attributes.append(attribute)
    schema.attributes = attributes
    return schema


def schemas() -> list[Schema]:
    found = [
        User.to_schema(),
        EnterpriseUser.to_schema(),
        RotaUser.to_schema(),
        Group.to_schema(),
    ]
    found[2].name, found[2].description = "RotaUser", "What Rota needs to plan rotations"
    return [_trimmed(schema) for schema in found]


def resource_types() -> list[ResourceType]:
    return [ResourceType.from_resource(ScimUser), ResourceType.from_resource(ScimGroup)]
