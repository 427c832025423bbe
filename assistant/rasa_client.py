"""Talks to the Rasa server over its REST channel and HTTP API."""

from dataclasses import dataclass
from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


@dataclass(frozen=True)
class RasaTurn:
    messages: list[dict[str, Any]]
    intent: str | None
    intent_confidence: float
    slots: dict[str, Any]


class RasaClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str, timeout_s: float) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    async def send(self, session_id: str, text: str, metadata: dict[str, Any]) -> RasaTurn:
        try:
            # One round trip: the gateway's channel (assistant/nlu/rasa_runtime.py) answers with the
            # messages and the intent and slots of the tracker as saved after the turn.
            response = await self.http.post(
                f"{self.base_url}/webhooks/veivalg/webhook",
                json={"sender": session_id, "message": text, "metadata": metadata},
                timeout=self.timeout_s,
            )
            response.raise_for_status()
            state = response.json()
            if not isinstance(state, dict):
                raise ValueError("the Rasa channel answered without a JSON object")
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        intent = state.get("intent") or {}
        messages = state.get("messages")
        return RasaTurn(
            messages=messages if isinstance(messages, list) else [],
            intent=intent.get("name"),
            intent_confidence=float(intent.get("confidence") or 0.0),
            slots=state.get("slots") or {},
        )

    async def status(self) -> dict[str, Any]:
        response = await self.http.get(f"{self.base_url}/status", timeout=2.0)
        response.raise_for_status()
        return response.json()
