"""The OpenAPI page describes every endpoint's reply (../shared/API.md): each successful JSON
response names a pydantic model (``XPublic``), so clients and ``/docs`` see the real shape, not
``object``. A 204 has no body; the page routes (``/``, ``/console``, ``/editor``) are not in the schema."""

import pytest

from assistant.app import create_app

pytestmark = pytest.mark.unit

METHODS = ("get", "post", "put", "patch", "delete")


def _names_a_model(schema: dict) -> bool:
    if "$ref" in schema:
        return True
    if schema.get("type") == "array":
        return _names_a_model(schema.get("items") or {})
    return False


def _operations() -> list[tuple[str, str, dict]]:
    paths = create_app().openapi()["paths"]
    return [(method.upper(), path, operation) for path, item in paths.items()
            for method, operation in item.items() if method in METHODS]


def test_every_endpoint_declares_its_response_model():
    missing = []
    for method, path, operation in _operations():
        for status, response in operation["responses"].items():
            if not status.startswith("2") or status == "204":
                continue
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            if not _names_a_model(schema):
                missing.append(f"{method} {path} -> {status}")
    assert missing == [], "endpoints without a response model:\n" + "\n".join(missing)
