"""The words Veivalg's parts share, defined once: needs, topics, outcomes, message kinds, and which
intent means which need. Languages are in ``core.languages``."""

NEEDS = ("information", "reflective", "human_request", "crisis", "career_centre", "smalltalk", "out_of_scope")

# What the citizen's intent tells about their need (the triage the gateway exposes).
INTENT_NEEDS = {
    "ask_information": "information",
    "nlu_fallback": "information",
    "need_guidance": "reflective",
    "request_human": "human_request",
    "crisis": "crisis",
    "career_centre": "career_centre",
    "give_place": "career_centre",
    "out_of_scope": "out_of_scope",
    "ask_points": "information",  # the points calculator: a fact worked out with them
}

# The need of a handover the citizen asked for, by the intent that asked ("yes" to an offer of a
# counsellor after a reflective exchange is a reflective need).
HANDOVER_INTENT_NEEDS = {"request_human": "human_request", "need_guidance": "reflective", "affirm": "reflective",
                         "crisis": "crisis"}

# Why a session was handed to a counsellor: code -> the English text kept in the record.
HANDOVER_REASONS = {
    "asked": "the citizen asked for a counsellor",
    "accepted_offer": "the citizen accepted the offer of a counsellor",
    "crisis": "crisis: the citizen may be at risk",
}

# The portal's subject areas (an article's ``topics``).
TOPICS = (
    "samordna-opptak",
    "studiekompetanse",
    "videregaende",
    "fagbrev",
    "hoyere-utdanning",
    "fagskole",
    "folkehogskole",
    "lanekassen",
    "utenlandsk-utdanning",
    "arbeid",
    "nav",
    "karriereveiledning",
    "innvandrere",
    "refleksjon",
)

# How a handover ended: a counsellor's outcome, or "no_show" (the citizen closed the chat or went
# silent), "returned_to_bot" (handed back to the assistant), "withdrawn" (the citizen left the queue).
OUTCOMES = ("information", "reflective", "referred_career_centre", "referred_elsewhere", "referred",
            "no_show", "returned_to_bot", "withdrawn", "other")

# What a counsellor may record when closing (the others are set by the system or the citizen).
COUNSELLOR_OUTCOMES = tuple(o for o in OUTCOMES if o not in ("returned_to_bot", "withdrawn"))

# The kinds of BotMessage the contract knows (../shared/API.md).
MESSAGE_KINDS = ("answer", "clarify", "feedback", "offer_counsellor", "handover_queued", "out_of_hours",
                 "career_centre", "crisis", "fallback", "smalltalk", "system")
