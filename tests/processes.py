"""Start real processes for tests: redis-server, the action server and Rasa, on free ports."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx

from core.offline import OFFLINE_ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout_s: float, what: str, process: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{what} exited with code {process.returncode}:\n{tail}")
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log else ""
    raise RuntimeError(f"{what} did not become ready within {timeout_s} s\n{tail}")


class RedisServer:
    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise RuntimeError("redis-server is not installed: run `make install` (Debian package redis-server)")
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port)
        wait_until(lambda: client.ping(), 10, "redis-server", self.process)
        client.close()
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class Service:
    """A long-running child process with its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log = log_dir / f"{name}.log"
        self.command = command
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None

    def start(self, ready, timeout_s: float) -> "Service":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.log, "wb")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=handle,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until(ready, timeout_s, self.name, self.process, self.log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_action_server(log_dir: Path) -> tuple[Service, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    service = Service("actions", [str(ROOT / ".venv/bin/python"), "-m", "actions.server", "--port", str(port)],
                      dict(OFFLINE_ENVIRONMENT), log_dir)

    def ready() -> bool:
        return httpx.get(f"{url}/knowledge/health", timeout=2).json().get("status") == "ok"

    return service.start(ready, 180), url


def start_rasa(log_dir: Path, redis_port: int, actions_url: str) -> tuple[Service, str]:
    model = ROOT / "models" / "veivalg.tar.gz"
    if not model.exists():
        raise RuntimeError("no trained Rasa model at models/veivalg.tar.gz: run `make model` (make test does)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # OMP_WAIT_POLICY must be in the environment before Rasa starts: OpenMP reads it when its
    # library loads, long before the e5 featuriser is created (spinning threads cost ~8x CPU).
    env = {"RASA_TELEMETRY_ENABLED": "false", "OMP_WAIT_POLICY": "PASSIVE", "VEIVALG_REDIS_HOST": "127.0.0.1", "VEIVALG_REDIS_PORT": str(redis_port), "VEIVALG_REDIS_DB": "0",
           "VEIVALG_ACTIONS_WEBHOOK": f"{actions_url}/webhook"}
    service = Service("rasa", [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", "--interface", "127.0.0.1",
                               "--port", str(port), "--model", str(model), "--endpoints", "endpoints.yml",
                               "--credentials", "credentials.yml"], env, log_dir)

    def ready() -> bool:
        return bool(httpx.get(f"{url}/status", timeout=2).json().get("model_file"))

    return service.start(ready, 300), url
