"""Rasa down, then the action server down, with the real processes (started here, on their own
ports, so the test can stop them): the citizen gets a clear notice in their language with a
counsellor and a career centre button, a request for a person still reaches the queue, the
gateway answers 200 and records every message, /health names what is down (503), and the
conversation resumes when the part is back.

One Rasa and one action server are shared by the tests of this module (each start costs a
minute of CPU); the tests run in order: Rasa first, then the actions."""

from pathlib import Path

import httpx
import pytest

from core import texts
from core.offline import OFFLINE_ENVIRONMENT
from tests.conftest import citizen, make_client, staff_login
from tests.processes import ROOT, Service, free_port, wait_until

pytestmark = pytest.mark.integration

NOTICE_BUTTONS = ["/request_human", "/career_centre"]
QUESTION_NB = "Hvordan søker jeg opptak til høyere utdanning?"


class Part:
    """A stack process that can be stopped and started again on the same port."""

    def __init__(self, service: Service, url: str, ready) -> None:
        self.service, self.url, self._ready = service, url, ready

    def start(self, timeout_s: float) -> "Part":
        self.service.start(self._ready, timeout_s)
        return self

    def stop(self) -> None:
        self.service.stop()


@pytest.fixture(scope="module")
def parts(redis_server, tmp_path_factory):
    logs = Path(tmp_path_factory.mktemp("parts-logs"))
    actions_url = f"http://127.0.0.1:{free_port()}"
    actions = Part(Service("actions", [str(ROOT / ".venv/bin/python"), "-m", "actions.server", "--port",
                                       actions_url.rsplit(":", 1)[1]], dict(OFFLINE_ENVIRONMENT), logs),
                   actions_url, lambda: httpx.get(f"{actions_url}/knowledge/health", timeout=2).json()["status"] == "ok")
    rasa_url = f"http://127.0.0.1:{free_port()}"
    env = {"RASA_TELEMETRY_ENABLED": "false", "VEIVALG_REDIS_HOST": "127.0.0.1",
           "VEIVALG_REDIS_PORT": str(redis_server.port), "VEIVALG_REDIS_DB": "0",
           "VEIVALG_ACTIONS_WEBHOOK": f"{actions_url}/webhook"}
    rasa = Part(Service("rasa", [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", "--interface", "127.0.0.1",
                                 "--port", rasa_url.rsplit(":", 1)[1], "--model", str(ROOT / "models/veivalg.tar.gz"),
                                 "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"], env, logs),
                rasa_url, lambda: bool(httpx.get(f"{rasa_url}/status", timeout=2).json().get("model_file")))
    actions.start(180)
    try:
        rasa.start(300)
        try:
            yield {"rasa": rasa, "actions": actions}
        finally:
            rasa.stop()
    finally:
        actions.stop()


@pytest.fixture
def gateway(redis_server, redis_client, parts):
    with make_client(redis_server.url, parts["rasa"].url, parts["actions"].url, seed_roster=True) as client:
        yield client


def say(client, session, text):
    session_id, auth = session
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def stored(client, session, sender="citizen"):
    session_id, auth = session
    events = client.get(f"/api/sessions/{session_id}/events?after=0", headers=auth).json()["events"]
    return [e["text"] for e in events if e["from"] == sender]


def assert_notice(reply, language):
    [message] = reply["messages"]
    assert message["kind"] == "system" and message["language"] == language
    assert message["text"] == texts.text("assistant_unavailable", language)
    assert [b["payload"] for b in message["buttons"]] == NOTICE_BUTTONS
    assert reply["mode"] == "bot"


def assert_down(client, part):
    health = client.get("/health")
    assert health.status_code == 503
    assert health.json()["status"] == "degraded" and part in health.json()["down"]
    assert health.json()["components"][part].startswith("down")


def on_duty(client):
    kari = staff_login(client, "kari", "demo")
    assert client.post("/api/counsellors/me/heartbeat", headers=kari).status_code == 200
    return kari


def waiting_sessions(client, kari):
    return {h["session_id"] for h in client.get("/api/handovers?status=waiting", headers=kari).json()}


def test_rasa_down(gateway, parts):
    nb = citizen(gateway, language="nb")
    en = citizen(gateway, language="en")
    parts["rasa"].stop()
    assert_down(gateway, "rasa")

    # A question: 200, the notice in the citizen's language with both ways on, the message kept.
    assert_notice(say(gateway, nb, QUESTION_NB), "nb")
    assert_notice(say(gateway, en, "How do I apply for higher education?"), "en")
    assert QUESTION_NB in stored(gateway, nb)
    assert texts.text("assistant_unavailable", "nb") in stored(gateway, nb, "system")

    # The career centre button: the centre cannot be looked up without a county; the national service.
    centre = say(gateway, en, "/career_centre")["messages"][0]
    assert centre["kind"] == "career_centre" and centre["text"] == texts.text("centre_without_assistant", "en")
    assert [b["payload"] for b in centre["buttons"]] == ["/request_human"]

    # A request for a person reaches the queue: the button, and the words in any language.
    kari = on_duty(gateway)
    queued = say(gateway, nb, "/request_human")
    assert queued["mode"] == "queued" and queued["messages"][0]["kind"] == "handover_queued"
    asked_in_words = set()
    for language, words in (("nb", "jeg vil snakke med et menneske"), ("uk", "Можна поговорити з живою людиною?")):
        person = citizen(gateway, language=language)
        asked = say(gateway, person, words)
        assert asked["mode"] == "queued" and asked["messages"][0]["kind"] == "handover_queued", asked
        assert words in stored(gateway, person)
        asked_in_words.add(person[0])
    assert waiting_sessions(gateway, kari) == {nb[0], *asked_in_words}

    # Rasa is back on the same port: the conversation resumes without anyone doing anything.
    parts["rasa"].start(300)
    wait_until(lambda: gateway.get("/health").status_code == 200, 60, "health ok again")
    back = say(gateway, en, "How do I apply for higher education?")
    assert back["messages"] and all(m["text"] != texts.text("assistant_unavailable", "en") for m in back["messages"])
    assert "How do I apply for higher education?" in stored(gateway, en)


def test_action_server_down(gateway, parts):
    nb = citizen(gateway, language="nb")
    pl = citizen(gateway, language="pl")
    parts["actions"].stop()
    assert_down(gateway, "actions")

    # Rasa answers without the action's messages: the gateway notices and says so.
    assert_notice(say(gateway, nb, QUESTION_NB), "nb")
    assert_notice(say(gateway, pl, "Jak mogę złożyć podanie na studia w Norwegii?"), "pl")
    assert QUESTION_NB in stored(gateway, nb)

    # Rasa still recognises a request for a person; its action cannot run, the gateway queues it.
    kari = on_duty(gateway)
    words = citizen(gateway, language="nb")
    assert say(gateway, words, "jeg vil snakke med et menneske")["mode"] == "queued"
    assert say(gateway, pl, "/request_human")["mode"] == "queued"
    assert waiting_sessions(gateway, kari) == {words[0], pl[0]}

    parts["actions"].start(180)
    wait_until(lambda: gateway.get("/health").status_code == 200, 60, "health ok again")
    back = say(gateway, nb, QUESTION_NB)
    assert back["messages"] and all(m["kind"] != "system" for m in back["messages"])
    assert any(m["kind"] == "answer" for m in back["messages"]), back["messages"]
