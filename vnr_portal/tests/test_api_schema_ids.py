"""The OpenAPI schema states every id in an address as an integer (its pattern takes only
digits), so that clients and schemathesis send numbers, not any string."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db]


def test_every_id_in_an_address_is_an_integer(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    ids = {}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and (parameter["name"].endswith("pk") or parameter["name"] == "id"):
                    ids[(path, parameter["name"])] = parameter["schema"]
    assert ("/api/v1/reviews/{review_pk}/commitments/{commitment_pk}/updates/", "commitment_pk") in ids
    assert ("/api/v1/reviews/{review_pk}/imports/{job_pk}/", "job_pk") in ids
    assert ("/api/v1/reviews/{id}/", "id") in ids
    assert {schema["type"] for schema in ids.values()} == {"integer"}
    assert {schema["minimum"] for schema in ids.values()} == {0}
