"""The crisis safety net, independent of the NLU."""

import pytest

from assistant.safety import signals_crisis

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text", [
    "Jeg tenker på å skade meg selv.", "jeg vil ta livet mitt", "Eg vil ikkje leve lenger",
    "I want to end it all", "sometimes I think about killing myself", "Я не хочу жити",
    "Myślę o samobójstwie", "أفكر في الانتحار",
])
def test_crisis_messages_are_caught(text):
    assert signals_crisis(text)


@pytest.mark.parametrize("text", [
    "Hva er fristen for å søke studier?", "Jeg har mistet jobben og vet ikke hva jeg skal gjøre",
    "How do I kill time before my interview?", "Jak mogę uznać mój dyplom?",
])
def test_ordinary_messages_are_not(text):
    assert not signals_crisis(text)
