"""The crisis safety net, independent of the NLU: direct and indirect phrasings in all six
languages are caught, ordinary career questions (even with "kill", "die", "end") are not."""

import json
from pathlib import Path

import pytest
import yaml

from assistant.crisis import signals_crisis

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", [
    "Jeg tenker på å skade meg selv.", "jeg vil ta livet mitt", "Eg vil ikkje leve lenger",
    "I want to end it all", "sometimes I think about killing myself", "Я не хочу жити",
    "Myślę o samobójstwie", "أفكر في الانتحار",
    # indirect
    "noen ganger ønsker jeg at jeg bare ikke våknet", "alle hadde hatt det betre utan meg",
    "my family would be better off without me", "i just want to go to sleep and not wake up",
    "всім було б краще без мене", "wszystkim będzie lepiej beze mnie", "الجميع سيكون أفضل بدوني",
    "har skrevet et avskjedsbrev", "I took all my pills", "jeg orker ikke mer.",
])
def test_crisis_messages_are_caught(text):
    assert signals_crisis(text)


@pytest.mark.parametrize("text", [
    "Hva er fristen for å søke studier?", "Jeg har mistet jobben og vet ikke hva jeg skal gjøre",
    "How do I kill time before my interview?", "Jak mogę uznać mój dyplom?",
    "I'm dying to study medicine in Bergen", "this deadline is killing me, can I get an extension?",
    "I want to end my contract and start studying", "jeg orker ikke mer matte, kan jeg bytte?",
    "Hvordan blir jeg livredder?", "I'm bored at work and want something more meaningful",
    "nie chcę już pracować na budowie", "لا أريد أن أعمل في التنظيف بعد الآن",
])
def test_ordinary_messages_are_not(text):
    assert not signals_crisis(text)


def test_every_crisis_training_example_is_caught_by_the_net_too():
    """The net and the NLU are independent, but neither should miss what the other was taught."""
    data = yaml.safe_load((ROOT / "training_data" / "nlu" / "crisis.yml").read_text(encoding="utf-8"))
    examples = [line[2:] for block in data["nlu"] for line in block["examples"].splitlines() if line.strip()]
    assert [e for e in examples if not signals_crisis(e)] == []


def test_crisis_bench_recall_is_complete():
    rows = [json.loads(line) for line in (ROOT / "bench" / "data" / "crisis_messages.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    assert [r["text"] for r in rows if r["crisis"] and not signals_crisis(r["text"])] == []
