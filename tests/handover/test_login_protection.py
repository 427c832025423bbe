"""Staff logins against brute force, and tokens that stop working when they should: lockout with
back-off per account and per address, a login rate limit per address, tokens revoked when an
account is disabled, and tokens whose role is not the account's refused (also in development)."""

import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from core.settings import DEV_SECRET
from core import keys
from tests.conftest import make_client, staff_login

pytestmark = pytest.mark.integration


def _login(client, username, password, address=None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/api/auth/login", json={"username": username, "password": password}, headers=headers)


def test_wrong_passwords_lock_the_account_with_back_off(offline_app, redis_client):
    for _ in range(4):
        assert _login(offline_app, "demo-editor", "wrong").status_code == 401
    fifth = _login(offline_app, "demo-editor", "wrong")
    assert fifth.status_code == 401  # the fifth failure still says "wrong" and starts the lock
    locked = _login(offline_app, "demo-editor", "demo")  # even the right password waits
    assert locked.status_code == 429 and locked.json()["code"] == "login_locked"
    first_wait = int(locked.headers["Retry-After"])
    assert 0 < first_wait <= 30
    # Another account from the same address is not locked by it.
    assert _login(offline_app, "demo-evaluator", "demo").status_code == 200
    # Once the lock lapses, a further failure locks for longer (30 s -> 60 s).
    redis_client.delete(keys.login_locked("account", "demo-editor"))
    assert _login(offline_app, "demo-editor", "wrong").status_code == 401
    again = _login(offline_app, "demo-editor", "demo")
    assert again.status_code == 429 and 30 < int(again.headers["Retry-After"]) <= 60
    # A good login after the lock clears the count.
    redis_client.delete(keys.login_locked("account", "demo-editor"))
    assert _login(offline_app, "demo-editor", "demo").status_code == 200
    assert redis_client.get(keys.login_failures("account", "demo-editor")) is None


def test_many_failures_from_one_address_lock_that_address(redis_server, redis_client):
    closed = "http://127.0.0.1:9"
    with make_client(redis_server.url, closed, closed, lockout_address_after_failures=6,
                     limit_logins_per_address="1000/minute") as client:
        client.app.state.settings.trusted_proxies = ["testclient"]
        for name in ("a1", "a2", "a3", "a4", "a5", "a6"):  # six accounts, one wrong password each
            assert _login(client, name, "wrong", "203.0.113.7").status_code == 401
        response = _login(client, "demo-admin", "demo", "203.0.113.7")
        assert response.status_code == 429 and response.json()["code"] == "login_locked"
        assert "address" in response.json()["detail"]
        assert _login(client, "demo-admin", "demo", "198.51.100.2").status_code == 200


def test_logins_per_address_are_rate_limited(redis_server, redis_client):
    closed = "http://127.0.0.1:9"
    with make_client(redis_server.url, closed, closed, limit_logins_per_address="3/minute") as client:
        for _ in range(3):
            assert _login(client, "demo-admin", "demo").status_code == 200
        response = _login(client, "demo-admin", "demo")
        assert response.status_code == 429 and response.json()["code"] == "rate_limited"
        assert int(response.headers["Retry-After"]) >= 1


def test_disabling_an_account_revokes_its_tokens_for_good(offline_app):
    admin = staff_login(offline_app, "demo-admin", "demo")
    editor = staff_login(offline_app, "demo-editor", "demo")
    assert offline_app.get("/api/auth/me", headers=editor).status_code == 200
    assert offline_app.post("/api/staff/demo-editor/disable", headers=admin).status_code == 200
    refused = offline_app.get("/api/auth/me", headers=editor)
    assert refused.status_code == 401 and refused.json()["code"] == "account_disabled"
    time.sleep(0.01)
    assert offline_app.post("/api/staff/demo-editor/enable", headers=admin).status_code == 200
    # Enabling the account again does not bring the old token back; a new login works.
    old = offline_app.get("/api/auth/me", headers=editor)
    assert old.status_code == 401 and old.json()["code"] == "token_revoked"
    fresh = staff_login(offline_app, "demo-editor", "demo")
    assert offline_app.get("/api/auth/me", headers=fresh).json()["role"] == "editor"


def test_a_token_with_a_role_the_account_does_not_have_is_refused(offline_app):
    # Development mode signs with the secret in the source; a forged admin token for the
    # counsellor account must not pass.
    forged = URLSafeTimedSerializer(DEV_SECRET, salt="veivalg-staff").dumps(
        {"sub": "demo-counsellor", "role": "admin", "jti": "x", "iat": time.time()})
    response = offline_app.get("/api/staff", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401 and response.json()["code"] == "token_invalid"
    ghost = URLSafeTimedSerializer(DEV_SECRET, salt="veivalg-staff").dumps(
        {"sub": "nobody", "role": "admin", "jti": "y", "iat": time.time()})
    assert offline_app.get("/api/staff", headers={"Authorization": f"Bearer {ghost}"}).status_code == 401
