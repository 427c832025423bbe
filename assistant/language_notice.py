"""What the gateway says to a citizen who writes a counsellor-only language (Northern Sami, ``se``):
a greeting in that language, that the assistant answers in Norwegian (bokmål) meanwhile, said in
both languages, and the offer of a counsellor who speaks it (the handover is routed by ``se``, see
``assistant.language.routing_language``). The first such message gets the greeting; later ones a
short reminder. Such messages never reach Rasa, whose NLU was not trained on Sami; a crisis still
does (the safety net reads every message).

The Sami sentences are few and short on purpose and await a Sami speaker's review.
"""

from typing import Any

NEEDS_REVIEW = True  # REVIEW: needs a Sami speaker (every "se" text in this file)

TEXTS: dict[str, dict[str, str]] = {
    "welcome": {
        # REVIEW: needs a Sami speaker
        "se": "Bures! Mun in sáhte vástidit sámegillii, danin vástidan dárogillii. "
              "Sáhtát maiddái ságastallat sámegielat ráđđeaddiin.",
        "nb": "Hei! Jeg kan ikke skrive på samisk, så jeg svarer deg på norsk (bokmål) så lenge. "
              "Du kan også be om å chatte med en samisktalende veileder. Er ingen samisktalende "
              "veileder på vakt, får du en annen veileder.",
    },
    "reminder": {
        # REVIEW: needs a Sami speaker
        "se": "Mun vástidan dárogillii.",
        "nb": "Jeg forstår ikke samisk godt nok til å svare på dette. Skriv gjerne på norsk, "
              "eller be om en samisktalende veileder.",
    },
    "button_counsellor": {
        # REVIEW: needs a Sami speaker
        "se": "Sámegielat ráđđeaddi",
        "nb": "Samisktalende veileder",
    },
    "button_norwegian": {
        "nb": "Fortsett på norsk",
    },
}


def notice(language: str, first: bool) -> dict[str, Any]:
    """The BotMessage (kind ``offer_counsellor``) for a message in the counsellor-only ``language``;
    ``first``: the greeting, else the reminder. Both languages in one text, Sami first."""
    key = "welcome" if first else "reminder"
    text = f"{TEXTS[key][language]}\n\n{TEXTS[key]['nb']}"
    counsellor = f"{TEXTS['button_counsellor'][language]} / {TEXTS['button_counsellor']['nb']}"
    return {"kind": "offer_counsellor", "text": text, "language": language, "sources": [],
            "buttons": [{"title": counsellor, "payload": "/request_human"},
                        {"title": TEXTS["button_norwegian"]["nb"], "payload": "/greet"}]}
