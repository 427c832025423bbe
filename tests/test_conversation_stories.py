"""The user turns of the conversation stories in tests/conversations/, parsed by the running
Rasa model: each must get the intent (and entities) its story labels. `rasa test core` (make
test) then checks the dialogue given those intents."""

import json
import re
from pathlib import Path

import httpx
import pytest
import yaml

pytestmark = pytest.mark.integration
STORIES = Path(__file__).parent / "conversations"
# [value](entity) or [text]{"entity": "...", "value": "..."}
ENTITY = re.compile(r"\[([^\]]+)\](?:\((\w+)\)|(\{[^}]*\}))")


def annotations(annotated: str) -> list[tuple[str, str]]:
    found = []
    for text, name, spec in ENTITY.findall(annotated):
        if name:
            found.append((text, name))
        else:
            data = json.loads(spec)
            found.append((data.get("value", text), data["entity"]))
    return found


def user_turns() -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    turns = []
    for path in sorted(STORIES.glob("*.yml")):
        for story in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories", []):
            for step in story["steps"]:
                if "user" in step:
                    annotated = step["user"].strip()
                    entities = annotations(annotated)
                    turns.append((story["story"], ENTITY.sub(r"\1", annotated), step["intent"], entities))
    return turns


TURNS = user_turns()


def test_there_are_stories_to_check():
    assert len(TURNS) >= 30
    stories = {t[0] for t in TURNS}
    assert len(stories) >= 30


@pytest.mark.parametrize("story, text, intent, entities", TURNS, ids=[f"{t[0]}: {t[1][:30]}" for t in TURNS])
def test_rasa_understands_each_user_turn(rasa_stack, story, text, intent, entities):
    parsed = httpx.post(f"{rasa_stack['rasa_url']}/model/parse", json={"text": text}, timeout=30).json()
    assert parsed["intent"]["name"] == intent, f"{text!r}: {parsed['intent']}"
    found = {(e["value"], e["entity"]) for e in parsed.get("entities", [])}
    for expected in entities:
        assert expected in found, f"{text!r}: expected entity {expected}, got {found}"
