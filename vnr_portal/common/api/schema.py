"""The OpenAPI schema's shared parts: every operation documents the JSON error body it may
answer with (vnr_portal.common.api.errors), so clients and schemathesis know every 4xx; an
operation that declares another 4xx (409, 413) with a description only gets the same body.
Every `*_pk` path parameter (review_pk, commitment_pk…) is an integer, as its address
pattern says."""

import re

# The address patterns take at most 18 digits (`[0-9]{1,18}`).
PK_SCHEMA = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}
_PK_NAME = re.compile(r"^(?:(?:[a-z_]+_)?pk|id)$")

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}]},
        },
    },
    "required": ["detail", "code"],
}

ERRORS = {
    "400": "The request is not valid (a filter, a cursor's page size, a body): see errors.",
    "401": "No valid credentials: a missing, unknown, expired or revoked token.",
    "403": "Not allowed: the rules of the portal, or a read-only token on a write.",
    "404": "No such object, or not one you may see; also an invalid page cursor.",
    "405": "This address does not take this method.",
    "406": "Only JSON is answered.",
    "415": "Only JSON is read.",
    "429": "Too many requests for this token, account or address: wait and retry.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and _PK_NAME.match(parameter.get("name", "")):
                    parameter["schema"] = dict(PK_SCHEMA)
            for status, response in operation["responses"].items():
                if str(status).startswith("4") and "content" not in response:
                    response["content"] = {"application/json": {"schema": reference}}
            # Every read may be made without credentials: it then shows what is public, or
            # answers 401 where the page asks to sign in.
            if method == "get" and {} not in operation.setdefault("security", []):
                operation["security"].append({})
            for status, description in ERRORS.items():
                if status in ("400", "415") and method == "get" and not operation.get("parameters"):
                    continue
                operation["responses"].setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result
