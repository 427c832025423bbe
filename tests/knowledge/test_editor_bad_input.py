"""Odd JSON in an article write (found by schemathesis): a clear 422 naming the field, nothing
written, never a server error."""

import pytest

from tests.knowledge.test_editor_api import NEW as ARTICLE, editor, editor_app, snapshot  # noqa: F401  (fixtures)

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("field, value", [
    ("id", ["a", "b"]), ("id", {"x": 1}), ("id", 7), ("language", ["nb"]), ("topics", [["fagbrev"]]),
    ("translation_of", {"id": "x"}), ("reviewed", ["2026-01-01"]), ("status", {"published": True}),
])
def test_a_field_of_the_wrong_json_type_is_refused_by_name(editor_app, editor, field, value):
    before = snapshot(editor_app.content_dir)
    response = editor_app.post("/api/articles", json={**ARTICLE, "id": "rar-type", field: value}, headers=editor)
    assert response.status_code == 422, response.text
    assert field in {e["field"] for e in response.json()["errors"]}
    assert snapshot(editor_app.content_dir) == before
