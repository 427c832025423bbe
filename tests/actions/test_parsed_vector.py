"""One embedding per citizen message: Rasa's e5 featuriser passes its vector to the action server
with the parsed message, and the knowledge search uses it instead of embedding the text again."""

import base64
import uuid

import httpx
import numpy as np

from actions.clients.knowledge import get_knowledge_base, remember_parsed_vector


class CountingEmbedder:
    def __init__(self, inner):
        self.inner, self.calls = inner, []
        self.name, self.similarity_range = inner.name, inner.similarity_range

    @property
    def dim(self):
        return self.inner.dim

    def warm_up(self):
        self.inner.warm_up()

    def embed_queries(self, texts):
        self.calls.extend(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)


def encoded(vector) -> str:
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode()


def test_a_vector_from_the_parsed_message_is_used_and_a_bad_one_refused():
    kb = get_knowledge_base()
    counting = CountingEmbedder(kb.embedder)
    kb.embedder = counting
    try:
        text = f"hvor lenge varer fagskolen {uuid.uuid4().hex[:6]}"
        vector = counting.inner.embed_queries([text])[0]
        assert remember_parsed_vector(kb, {"e5_query": {"text": text, "vector": encoded(vector)}})
        hits = kb.search(text, "nb", k=3)
        assert hits and text not in counting.calls  # searched without embedding the text again

        other = f"hvor lenge varer lærlingtiden {uuid.uuid4().hex[:6]}"
        for bad in ({"text": other, "vector": "not base64!"}, {"text": other, "vector": encoded(vector[:10])},
                    {"text": other, "vector": encoded(np.zeros(kb.embedder.dim))}, {"text": other}, "junk"):
            assert not remember_parsed_vector(kb, {"e5_query": bad})
        assert not remember_parsed_vector(kb, None)
        kb.search(other, "nb", k=3)
        assert other in counting.calls  # nothing usable was given: embedded here
    finally:
        kb.embedder = counting.inner


def test_rasa_sends_the_same_vector_the_knowledge_base_would_compute(rasa_stack):
    sender = uuid.uuid4().hex
    text = "Når er søknadsfristen for videregående?"
    reply = httpx.post(f"{rasa_stack['rasa_url']}/webhooks/veivalg/webhook", timeout=60,
                       json={"sender": sender, "message": text, "metadata": {"language": "nb"}})
    assert reply.status_code == 200
    body = reply.json()
    assert body["intent"]["name"] == "ask_information" and body["slots"]["language"] == "nb"
    assert any(m.get("custom", {}).get("kind") == "answer" for m in body["messages"])

    # The parsed message (what the actions get with the turn) carries the vector ...
    parsed = httpx.post(f"{rasa_stack['rasa_url']}/model/parse", json={"text": text}, timeout=30).json()["e5_query"]
    assert parsed["text"] == text
    # ... and the stored tracker does not (assistant/nlu/tracker_store.py).
    tracker = httpx.get(f"{rasa_stack['rasa_url']}/conversations/{sender}/tracker", timeout=30).json()
    assert tracker["latest_message"]["text"] == text and "e5_query" not in tracker["latest_message"]
    sent = np.frombuffer(base64.b64decode(parsed["vector"]), dtype="<f4")
    own = get_knowledge_base().embedder.embed_queries([text])[0]
    assert sent.shape == own.shape
    assert float(np.dot(sent / np.linalg.norm(sent), own)) > 0.9999
