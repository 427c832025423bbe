"""Splitting to the channels' limits, the rendering of an event, and the Twilio signature."""

import pytest

from assistant.channels.rendering import choices_text
from assistant.channels.signature import twilio_signature, twilio_signature_valid
from assistant.channels.splitting import is_gsm7, sms_segments, split, split_sms, split_telegram

pytestmark = pytest.mark.unit


def test_the_twilio_signature_matches_the_published_example():
    # The example in Twilio's security docs (auth token 12345), as quoted in
    # https://gist.github.com/ryanwinchester/ab49855e9acb7352507b8fa92ffe69d0
    params = {"CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234",
              "From": "+12349013030", "To": "+18005551212"}
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert twilio_signature("12345", url, params.items()) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert twilio_signature_valid("12345", url, reversed(list(params.items())), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    assert not twilio_signature_valid("12345", url + "&x=1", params.items(), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    assert not twilio_signature_valid("54321", url, params.items(), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")


def test_segments_follow_gsm7_and_ucs2():
    assert is_gsm7("Hvor søker jeg? Æ Ø Å æ ø å é ü") and not is_gsm7("Привіт") and not is_gsm7("مرحبا")
    assert sms_segments("a" * 160) == 1 and sms_segments("a" * 161) == 2 and sms_segments("a" * 306) == 2
    assert sms_segments("€" * 80) == 1 and sms_segments("€" * 81) == 2  # extension characters take two
    assert sms_segments("ж" * 70) == 1 and sms_segments("ж" * 71) == 2 and sms_segments("ж" * 134) == 2
    assert sms_segments("a" * 159 + "😀") == 3  # one emoji makes it all UCS-2 (two code units)


def test_a_long_bokmal_text_splits_on_sentences_within_four_segments_and_600_characters():
    text = " ".join(f"Dette er setning {n}, som handler om opptak og frister." for n in range(60))
    parts = split_sms(text)
    assert all(len(p) <= 600 and sms_segments(p) <= 4 for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == text


def test_an_arabic_text_splits_within_four_ucs2_segments():
    text = " ".join(f"هذه جملة رقم {n} عن القبول في الجامعة." for n in range(40))
    parts = split_sms(text)
    assert len(parts) > 1 and all(sms_segments(p) <= 4 for p in parts)
    assert " ".join(parts) == text


def test_a_sentence_longer_than_the_limit_is_cut_between_words_and_a_long_url_anywhere():
    words = " ".join(["ord"] * 100)
    assert all(len(p) <= 50 for p in split(words, 50)) and " ".join(split(words, 50)) == words
    url = "https://example.org/" + "x" * 120
    assert "".join(split(url, 50)) == url and all(len(p) <= 50 for p in split(url, 50))


def test_line_breaks_between_parts_are_kept():
    assert split("Første linje.\nAndre linje.", 100) == ["Første linje.\nAndre linje."]


def test_telegram_splits_at_4096():
    text = ("Setning. " * 1000).strip()
    parts = split_telegram(text)
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)


def test_numbered_choices_in_the_citizens_language():
    buttons = [{"title": "Yes, it helped", "payload": "/feedback_helpful"}, {"title": "No", "payload": "/x"}]
    assert choices_text(buttons, "en") == "Reply with the number:\n1 Yes, it helped\n2 No"
    assert choices_text(buttons, "nn").startswith("Svar med talet:")


def test_unsigned_sms_is_refused_in_production():
    from assistant.channels.service import build
    from core.settings import ChannelSettings

    with pytest.raises(RuntimeError, match="development only"):
        build(ChannelSettings(sms_allow_unsigned=True), redis=None, http=None, sessions=None, transcripts=None,
              conversation=None, flow=None, limiter=None, identity_secret="x", public_url="http://x",
              default_language="nb", retention_days=90, production=True)
