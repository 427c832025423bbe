"""A gateway killed in the two-replica setup: two real gateway processes (uvicorn) on one Redis,
behind a real haproxy configured as `make scale` configures it (scripts/haproxy_config.py). One
gateway is killed with SIGKILL in the middle of a conversation; the citizen goes on through the
other without an error, nothing they were told is lost, and the other gateway takes over the
periodic jobs (the leader key) once the dead one's key has expired.

To save CPU both gateways share ONE Rasa and one action server here (the `rasa_stack` fixture);
`make scale` gives each gateway its own pair."""

import os
import shutil
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest

from core import keys
from core.offline import OFFLINE_ENVIRONMENT
from tests.processes import ROOT, Service, free_port, wait_until

sys.path.insert(0, str(ROOT / "scripts"))
from haproxy_config import render  # noqa: E402  (scripts/ is not a package)

pytestmark = pytest.mark.integration


def start_gateway(name, redis_url, stack, logs) -> tuple[Service, str]:
    port = free_port()
    env = {**OFFLINE_ENVIRONMENT, "REDIS_URL": redis_url, "ASSISTANT_RASA_URL": stack["rasa_url"],
           "ASSISTANT_ACTIONS_URL": stack["actions_url"], "ASSISTANT_TRUSTED_PROXIES": '["127.0.0.1"]',
           "HANDOVER_OPENING_HOURS": "always", "HANDOVER_LEADER_TTL_S": "2", "HANDOVER_SEED_ROSTER": "false"}
    url = f"http://127.0.0.1:{port}"
    service = Service(name, [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port)], env, logs)
    return service.start(lambda: httpx.get(f"{url}/health", timeout=3).status_code == 200, 120), f"127.0.0.1:{port}"


@pytest.fixture
def replicas(redis_server, redis_client, rasa_stack, tmp_path):
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    assert Path(binary).exists(), "haproxy is not installed: `make scale` installs Debian's haproxy"
    first, first_address = start_gateway("gateway-1", redis_server.url, rasa_stack, tmp_path)
    second, second_address = start_gateway("gateway-2", redis_server.url, rasa_stack, tmp_path)
    port = free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(render(f"127.0.0.1:{port}", [first_address, second_address]))
    balancer = Service("haproxy", [binary, "-db", "-f", str(config)], {}, tmp_path)
    url = f"http://127.0.0.1:{port}"
    balancer.start(lambda: httpx.get(f"{url}/health", timeout=3).status_code == 200, 30)
    try:
        yield {"url": url, "gateways": [first, second]}
    finally:
        for service in (balancer, second, first):
            service.stop()


def test_a_killed_gateway_leaves_its_citizens_to_the_other(replicas, redis_client):
    first, second = replicas["gateways"]
    leader = redis_client.get(keys.leader("periodic"))
    assert leader.startswith(f"{socket.gethostname()}:{first.process.pid}:")  # the first one started leads

    with httpx.Client(base_url=replicas["url"], timeout=60) as client:
        created = client.post("/api/sessions", json={"language": "nb"})
        assert created.status_code == 201
        session_id, token = created.json()["session_id"], created.json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        said = []

        def say(text):
            response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
            assert response.status_code == 200, response.text
            said.append(text)
            return response.json()

        assert say("Hei")["messages"]  # round robin: the two requests so far went to both gateways
        say("Hvordan søker jeg opptak til høyere utdanning?")

        os.kill(first.process.pid, signal.SIGKILL)  # mid-conversation, no shutdown
        first.process.wait(10)
        for text in ["Hva er poenggrensen for sykepleie?", "Takk", "Hvor er nærmeste karrieresenter?",
                     "Jeg bor i Tromsø", "Hvordan får jeg studielån?", "Takk for hjelpen"]:
            reply = say(text)  # haproxy retries the refused connection on the living gateway
            assert reply["mode"] == "bot"

        events = client.get(f"/api/sessions/{session_id}/events?after=0", headers=auth)
        assert events.status_code == 200
        citizen_texts = [e["text"] for e in events.json()["events"] if e["from"] == "citizen"]
        assert citizen_texts == said  # every message, once, in order
        assert any(e["from"] == "bot" for e in events.json()["events"])

        # The living gateway takes over the periodic jobs when the dead one's key runs out (TTL 2 s).
        wait_until(lambda: redis_client.get(keys.leader("periodic")).startswith(
            f"{socket.gethostname()}:{second.process.pid}:"), 20, "the second gateway leading")
        assert client.get("/health").status_code == 200
