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

    # The working week, as a directory's custom attributes carry it (text, as in the CSV):
    # taken in when sent, neither published nor returned (see KEPT).
    workdays: str | None = None
    """The person's working days: "Mon-Fri", "Sun-Thu", "Mon, Wed, Fri"."""

    work_start: str | None = None
    """Start of working hours, local time: "09:00"."""

    work_end: str | None = None
    """End of working hours, local time: "17:00" (at or before the start: past midnight)."""

    day_hours: str | None = None
    """Hours that differ by weekday: "Sat 10:00-14:00; Sun 10:00-14:00"."""

    last_day: str | None = None
    """Last working day here, a known leaving date: "2027-03-31"."""

    move_department: str | None = None
    """A department move recorded ahead: the department they move to, by name."""

    move_on: str | None = None
    """The day that move takes effect: "2027-03-01"."""

    holiday_country: str | None = None
    """ISO country whose public holidays are the person's days off: "DE"."""

    holiday_subdivision: str | None = None
    """Region of that country: "BY"."""


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
    # hireDate (dateTime), the working week (WORKING_WEEK) and the core timezone are taken in
    # when a directory sends them, but neither published nor returned: scim2-tester 0.5 fills
    # published attributes with random text (a zone or hours it cannot know), and strict
    # clients refuse attributes the schema does not list.
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


# Rota's working-week attributes (camelCase as sent) and the Employee field each sets.
WORKING_WEEK = {
    "workdays": "workdays",
    "workStart": "work_start",
    "workEnd": "work_end",
    "dayHours": "day_hours",
    "lastDay": "last_day",
    "holidayCountry": "holiday_country",
    "holidaySubdivision": "holiday_subdivision",
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
