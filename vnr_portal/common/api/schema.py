"""The OpenAPI schema's shared parts: every operation documents the JSON error body it may
answer with (vnr_portal.common.api.errors), so clients and schemathesis know every 4xx."""

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
