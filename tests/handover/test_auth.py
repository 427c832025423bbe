"""Staff accounts: login, roles, logout, production refusals."""

import pytest
from pydantic import ValidationError

from core.settings import HandoverSettings
from tests.conftest import staff_login

pytestmark = pytest.mark.integration


def test_dev_users_log_in_with_their_role(offline_app):
    for role in ("counsellor", "editor", "evaluator", "admin"):
        response = offline_app.post("/api/auth/login", json={"username": f"demo-{role}", "password": "demo"})
        assert response.status_code == 200
        assert response.json()["role"] == role


@pytest.mark.parametrize("body, status", [
    ({"username": "demo-counsellor", "password": "wrong"}, 401),
    ({"username": "nobody", "password": "demo"}, 401),
    ({"username": "demo-counsellor"}, 422),
])
def test_bad_logins_are_refused(offline_app, body, status):
    response = offline_app.post("/api/auth/login", json=body)
    assert response.status_code == status
    assert response.json()["detail"]


def test_roles_reach_only_their_endpoints(offline_app):
    editor = staff_login(offline_app, "demo-editor", "demo")
    response = offline_app.get("/api/handovers?status=waiting", headers=editor)
    assert response.status_code == 403 and "counsellor" in response.json()["detail"]
    assert offline_app.get("/api/handovers", headers={"Authorization": "Bearer forged"}).status_code == 401
    counsellor = staff_login(offline_app, "demo-counsellor", "demo")
    assert offline_app.get("/api/handovers?status=waiting", headers=counsellor).json() == []
    assert offline_app.get("/api/handovers?status=lost", headers=counsellor).status_code == 422


def test_logout_revokes_the_token(offline_app):
    counsellor = staff_login(offline_app, "demo-counsellor", "demo")
    assert offline_app.post("/api/auth/logout", headers=counsellor).status_code == 200
    response = offline_app.get("/api/handovers", headers=counsellor)
    assert response.status_code == 401 and "logged out" in response.json()["detail"]


def test_production_refuses_default_secrets():
    with pytest.raises(ValidationError, match="HANDOVER_SECRET_KEY"):
        HandoverSettings(mode="production", staff=["kari:counsellor:a-long-password"])
    with pytest.raises(ValidationError, match="default password"):
        HandoverSettings(mode="production", secret_key="x" * 40, staff=["kari:counsellor:demo"])
    settings = HandoverSettings(mode="production", secret_key="x" * 40, staff=["kari:counsellor:a-long-password"])
    assert settings.mode == "production"
