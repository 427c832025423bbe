"""Every Redis key Veivalg uses, in one place.

Our own keys start with ``vv:``. Rasa keeps its trackers and locks in the same Redis under
``vvrasa:`` (see endpoints.yml); the one Rasa key we touch is the tracker, on erasure.
"""

PREFIX = "vv"


def session(session_id: str) -> str:
    """Hash: the session's token hash, channel, language, mode, triage, handover id."""
    return f"{PREFIX}:session:{session_id}"


def transcript(session_id: str) -> str:
    """List of JSON events, oldest first; an event's seq is its position + 1."""
    return f"{PREFIX}:transcript:{session_id}"


def session_events_channel(session_id: str) -> str:
    """Pub/sub channel: the seq of each new event in the session's transcript."""
    return f"{PREFIX}:events:{session_id}"


def handover(handover_id: str) -> str:
    """Hash: one handover (session id, status, triage, counsellor, outcome ...)."""
    return f"{PREFIX}:handover:{handover_id}"


HANDOVERS_WAITING = f"{PREFIX}:handovers:waiting"  # zset: handover id -> priority + enqueue time
HANDOVERS_ACTIVE = f"{PREFIX}:handovers:active"  # zset: handover id -> claim time
HANDOVERS_CLOSED = f"{PREFIX}:handovers:closed"  # zset: handover id -> close time
QUEUE_CHANNEL = f"{PREFIX}:queue-events"  # pub/sub: a handover was queued, claimed or closed


def revoked_token(token_id: str) -> str:
    """String with a TTL: a staff token that was logged out before it expired."""
    return f"{PREFIX}:revoked:{token_id}"


RASA_PREFIX = "vvrasa"  # key_prefix of Rasa's tracker and lock stores (endpoints.yml)


def rasa_tracker(session_id: str) -> str:
    """Rasa's Redis tracker store key for a conversation (the sender id is our session id)."""
    return f"{RASA_PREFIX}:tracker:{session_id}"
