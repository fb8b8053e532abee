"""The API refuses query parameters it does not know: a typo such as `?actve=false` would
otherwise be ignored in silence and answer as if no filter had been asked for."""

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.errors import Invalid


def _names(dependant: Dependant) -> set[str]:
    found = {p.alias for p in dependant.query_params}
    for child in dependant.dependencies:
        found |= _names(child)
    return found


def _known(route: APIRoute) -> frozenset[str]:
    names = route.__dict__.get("_query_names")  # kept on the route: computed once
    if names is None:
        names = route.__dict__["_query_names"] = frozenset(_names(route.dependant))
    return names


def known_query_only(request: Request) -> None:
    """Called once the caller is known (see app.auth.deps), so a stranger hears 401 first."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _known(route)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise Invalid(
            f"Unknown query parameter {unknown[0]!r}; this address takes: {takes}.",
            field=unknown[0],
        )
