"""``GET /api/service-info`` against a real redis-server and the real opening-hours settings: the
hours in words in each language, open now or not (with the next opening), counsellors on duty
from the console's heartbeat, the retention period; an unknown language is refused by name."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.languages import LANGUAGES
from handover import hours_text
from tests.conftest import free_port, make_client, staff_login

pytestmark = pytest.mark.integration

WEEKLY = "mon-thu 08:30-22:00; fri 08:30-18:30; sat-sun 15:00-22:00"


def app_with(redis_server, **handover):
    closed = f"http://127.0.0.1:{free_port()}"
    return make_client(redis_server.url, closed, closed, **handover)


def test_weekly_hours_in_every_language(redis_server, redis_client):
    with app_with(redis_server, opening_hours=WEEKLY, retention_days=30) as app:
        for language in LANGUAGES:
            response = app.get(f"/api/service-info?language={language}")
            assert response.status_code == 200, response.text
            info = response.json()
            assert info["language"] == language and info["retention_days"] == 30
            assert info["counsellors_on_duty"] is False
            days = hours_text.WEEKDAYS[language]
            assert days[0] in info["opening_hours"] and days[4] in info["opening_hours"]
            assert "22" in info["opening_hours"] and "18" in info["opening_hours"]
            # Whatever the clock says now, the two answers agree with each other.
            if info["open_now"]:
                assert info["next_opening"] is None and info["next_opening_text"] is None
            else:
                assert info["next_opening"] and info["next_opening_text"].split()[0] in days
        nb = app.get("/api/service-info?language=nb").json()["opening_hours"]
        assert nb == "Karriereveilederne er på chatten mandag–torsdag 08.30–22.00, fredag 08.30–18.30 og " \
                     "lørdag–søndag 15.00–22.00 (norsk tid)."
        en = app.get("/api/service-info?language=en").json()["opening_hours"]
        assert en.startswith("The career counsellors are on the chat Monday–Thursday 08:30–22:00")


def test_open_and_on_duty_follow_the_settings_and_the_console(redis_server, redis_client):
    with app_with(redis_server, opening_hours="always") as app:
        info = app.get("/api/service-info?language=pl").json()
        assert (info["open_now"], info["counsellors_on_duty"], info["next_opening"]) == (True, False, None)
        assert info["opening_hours"] == "Doradcy zawodowi są na czacie przez całą dobę."
        assert info["retention_days"] == 90  # the default

        anna = staff_login(app, "anna", "anna-secret-1")  # logging in is a sign of duty only with a heartbeat
        assert app.post("/api/counsellors/me/heartbeat", headers=anna).status_code == 200
        assert app.get("/api/service-info").json()["counsellors_on_duty"] is True
        assert app.post("/api/counsellors/me/off-duty", headers=anna).status_code == 200
        assert app.get("/api/service-info").json()["counsellors_on_duty"] is False

    today = datetime.now(ZoneInfo("Europe/Oslo")).date()
    with app_with(redis_server, opening_hours="always", closed_dates=[today.isoformat()]) as app:  # a holiday
        info = app.get("/api/service-info?language=en").json()
        assert info["open_now"] is False
        opens = datetime.fromisoformat(info["next_opening"]).astimezone(ZoneInfo("Europe/Oslo"))
        assert (opens.date(), opens.hour, opens.minute) == (today + timedelta(days=1), 0, 0)
        assert info["next_opening_text"] == f"{opens:%A} {opens:%d.%m} 00:00"

    with app_with(redis_server, opening_hours="never") as app:
        info = app.get("/api/service-info?language=ar").json()
        assert (info["open_now"], info["next_opening"], info["next_opening_text"]) == (False, None, None)
        assert info["opening_hours"] == "الدردشة مع المستشارين المهنيين مغلقة حتى إشعار آخر."


def test_default_language_and_no_token_needed(redis_server, redis_client):
    with app_with(redis_server, opening_hours=WEEKLY) as app:
        info = app.get("/api/service-info").json()
        assert info["language"] == "nb" and info["opening_hours"].startswith("Karriereveilederne er på chatten")


def test_unknown_language_is_refused_by_name(redis_server, redis_client):
    with app_with(redis_server) as app:
        response = app.get("/api/service-info?language=se")
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_request"
        assert [error["field"] for error in response.json()["errors"]] == ["language"]
