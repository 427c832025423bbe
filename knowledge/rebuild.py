"""Incremental index rebuilds in the background, one at a time, with progress.

The editor API starts ``python -m knowledge build --progress-json`` as a subprocess: the
embedder, spaCy tables and the CPU-heavy analysis stay out of the web process (no GIL
contention, no memory kept after the build), and a crash cannot take the gateway down. A
reader thread follows the JSON lines the CLI prints and keeps :class:`RebuildStatus` current.
The index itself is swapped atomically by the build (see ``knowledge.index``); action servers
notice the new ``current`` build through ``KnowledgeBase.maybe_refresh()``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from core.offline import OFFLINE_ENVIRONMENT
from core.settings import REPO_ROOT, KnowledgeSettings


class RebuildRunning(RuntimeError):
    """A rebuild is already under way (the API answers 409)."""


@dataclass
class RebuildStatus:
    state: str = "idle"  # idle | running | done | failed
    started_at: str | None = None
    finished_at: str | None = None
    chunks_done: int = 0  # chunks embedded so far in this build
    chunks_total: int = 0  # chunks this build has to embed (changed or new ones only)
    force: bool = False
    last_result: dict[str, Any] | None = None  # the BuildReport of the last finished build
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def settings_environment(settings: KnowledgeSettings) -> dict[str, str]:
    """``KNOWLEDGE_*`` variables that make a child process see exactly these settings."""
    env = {}
    for name, value in settings.model_dump().items():
        if isinstance(value, (tuple, list)):
            text = json.dumps(list(value))
        elif isinstance(value, dict):
            text = json.dumps(value)
        else:
            text = str(value)
        env[f"KNOWLEDGE_{name.upper()}"] = text
    return env


@dataclass
class IndexRebuilder:
    settings: KnowledgeSettings
    python: str = sys.executable
    _status: RebuildStatus = field(default_factory=RebuildStatus)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    def status(self) -> dict[str, Any]:
        with self._lock:
            return self._status.as_dict()

    @property
    def running(self) -> bool:
        with self._lock:
            return self._status.state == "running"

    def start(self, force: bool = False) -> dict[str, Any]:
        """Start a rebuild; raises RebuildRunning when one is under way."""
        with self._lock:
            if self._status.state == "running":
                raise RebuildRunning("an index rebuild is already running")
            self._status = RebuildStatus(
                state="running", started_at=_now(), force=force, last_result=self._status.last_result
            )
            command = [self.python, "-m", "knowledge", "build", "--progress-json", "--skip-invalid"]
            if force:
                command.append("--force")
            self._thread = threading.Thread(target=self._run, args=(command,), name="index-rebuild", daemon=True)
            self._thread.start()
            return self._status.as_dict()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the running rebuild ends (tests and the CLI); True when none runs."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def _run(self, command: list[str]) -> None:
        env = {**os.environ, **settings_environment(self.settings), **OFFLINE_ENVIRONMENT}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        result: dict[str, Any] | None = None
        failure: str | None = None
        try:
            with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
                process = subprocess.Popen(
                    command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True, encoding="utf-8"
                )
                assert process.stdout is not None
                for line in process.stdout:
                    event = _parse(line)
                    if event is None:
                        continue
                    if event.get("event") == "progress":
                        with self._lock:
                            self._status.chunks_done = int(event.get("done", 0))
                            self._status.chunks_total = int(event.get("total", 0))
                    elif event.get("event") == "done":
                        result = {k: v for k, v in event.items() if k != "event"}
                    elif event.get("event") == "failed":
                        failure = str(event.get("error"))
                code = process.wait()
                if code != 0 and failure is None:
                    errors.seek(0)
                    tail = errors.read()[-2000:].strip()
                    failure = f"build exited with code {code}" + (f": {tail}" if tail else "")
        except OSError as error:
            failure = f"could not start the build: {error}"
        with self._lock:
            self._status.finished_at = _now()
            if failure is None and result is not None:
                self._status.state = "done"
                self._status.last_result = result
                self._status.error = None
            else:
                self._status.state = "failed"
                self._status.error = failure or "the build ended without a result"


def _parse(line: str) -> dict[str, Any] | None:
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None
