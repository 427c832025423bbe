"""Every Redis key Veivalg uses, in one place.

Our own keys start with ``vv:``. Rasa keeps its trackers and locks in the same Redis under
``vvrasa:`` (see endpoints.yml); the one Rasa key we touch is the tracker, on erasure.
"""

PREFIX = "vv"


def session(session_id: str) -> str:
    """Hash: the session's token hash, channel, language, mode, triage, handover id."""
    return f"{PREFIX}:session:{session_id}"


SESSIONS_ACTIVITY = f"{PREFIX}:sessions:activity"  # zset: session id -> last activity (ms), for retention and abandonment


def session_handovers(session_id: str) -> str:
    """Set: every handover id a session ever had (for erasure)."""
    return f"{PREFIX}:session-handovers:{session_id}"


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
HANDOVER_STATS = f"{PREFIX}:stats:handovers"  # hash: closed handovers counted at close (closed, outcome:<o>, need:<n>, language:<l>); outlives erasure
QUEUE_CHANNEL = f"{PREFIX}:queue-events"  # pub/sub: a handover was queued, claimed or closed


def revoked_token(token_id: str) -> str:
    """String with a TTL: a staff token that was logged out before it expired."""
    return f"{PREFIX}:revoked:{token_id}"


RASA_PREFIX = "vvrasa"  # key_prefix of Rasa's tracker and lock stores (endpoints.yml)


def rasa_tracker(session_id: str) -> str:
    """Rasa's Redis tracker store key for a conversation (the sender id is our session id)."""
    return f"{RASA_PREFIX}:tracker:{session_id}"


# --- counsellors, claims, callbacks, back room (handover service) ---

def staff(username: str) -> str:
    """Hash: a staff account (role, argon2 password hash, disabled flag, created/updated)."""
    return f"{PREFIX}:staff:{username}"


STAFF_INDEX = f"{PREFIX}:staff"  # set of usernames


def counsellor(username: str) -> str:
    """JSON string: a counsellor's profile (languages, counties, expertise, max parallel chats)."""
    return f"{PREFIX}:counsellor:{username}"


PRESENCE = f"{PREFIX}:presence"  # zset: username -> last heartbeat (ms); on duty if recent
CLAIM_LEASES = f"{PREFIX}:claims"  # zset: handover id -> lease expiry (ms)
HANDLING_TIMES = f"{PREFIX}:handling-times"  # list of recent claim-to-close durations (s), newest first
CALLBACKS = f"{PREFIX}:callbacks"  # zset: callback id -> created (ms), open requests


def callback(callback_id: str) -> str:
    """Hash: a request to be contacted (question, e-mail or phone, language, status)."""
    return f"{PREFIX}:callback:{callback_id}"


def session_callbacks(session_id: str) -> str:
    """Set: the ids of every callback request left from a session (for erasure)."""
    return f"{PREFIX}:session-callbacks:{session_id}"


BACKROOM = f"{PREFIX}:backroom"  # list of JSON messages between counsellors, oldest first
CONTENT_GAPS = f"{PREFIX}:content-gaps"  # list of JSON notes on missing portal content, newest first


# Knowledge base (editors)
UNANSWERED_QUESTIONS = f"{PREFIX}:knowledge:unanswered"  # list of JSON: anonymised questions the bot was unsure of, newest first (capped)
UNANSWERED_INDEXED = f"{PREFIX}:knowledge:unanswered:indexed"  # string "1": every logged entry is in its session's set below


def unanswered_from_session(ref: str) -> str:
    """Set: the stored JSON of each unanswered question logged from one session (``ref``: the
    pseudonymous ``core.retention.session_ref``), so its erasure removes them without reading the
    whole list; deleted with them."""
    return f"{PREFIX}:knowledge:unanswered:session:{ref}"


UNANSWERED_CLOSED = f"{PREFIX}:knowledge:unanswered:closed"  # hash: entry id (knowledge.unanswered.entry_id) -> resolution id
UNANSWERED_RESOLUTIONS = f"{PREFIX}:knowledge:unanswered:resolutions"  # hash: resolution id -> JSON {resolution, article_id, reason, by, at, question}
CONTENT_GAPS_CLOSED = f"{PREFIX}:content-gaps:closed"  # hash: gap id (knowledge.content_gaps.gap_id) -> JSON resolution


# --- evaluation and retention ---
TRANSCRIPTS_CLOSED = f"{PREFIX}:transcripts:closed"  # zset: session id -> close time (ms), for sampling
REVIEWS = f"{PREFIX}:reviews"  # hash: session id -> JSON object {evaluator username: review}, one review per evaluator (evaluation.reviews)
SAMPLES = f"{PREFIX}:samples"  # zset: sample id -> created (ms), the evaluators' saved samples (evaluation.samples)


def sample(sample_id: str) -> str:
    """JSON string: an evaluators' sample (criteria, seed, strata, the session ids drawn); expires
    after the retention period, when every conversation in it is gone."""
    return f"{PREFIX}:sample:{sample_id}"


REVIEW_STATS = f"{PREFIX}:stats:reviews"  # hash: count, triage_correct, quality_sum, quality_count of the reviews ever given; outlives erasure
CONVERSATIONS_CLOSED_TOTAL = f"{PREFIX}:stats:conversations-closed"  # integer: conversations ever closed; outlives erasure


# --- statistics by day (core.metrics; counts only, no text; they outlive erasure and retention) ---
def stats_day(day: str) -> str:
    """Hash: counters of one day (Europe/Oslo, ``YYYY-MM-DD``): chats, needs, channels, languages,
    counties, hours, handovers, outcomes, feedback, unanswered questions, ratings."""
    return f"{PREFIX}:stats:day:{day}"


def stats_waiting(day: str) -> str:
    """Hash: waiting time bucket (s) -> handovers first claimed that day after waiting that long."""
    return f"{PREFIX}:stats:waiting:{day}"


def stats_chat_length(day: str) -> str:
    """Hash: citizen messages in a chat -> chats started that day that have that many so far."""
    return f"{PREFIX}:stats:chat-length:{day}"


def stats_chat(session_id: str) -> str:
    """Hash: a running chat's counts (start day, citizen messages, which needs and flags were
    counted); no text. Deleted when the chat ends or is erased (the day's counts stay)."""
    return f"{PREFIX}:stats:chat:{session_id}"


def rating(session_id: str) -> str:
    """JSON string: the citizen's 1-5 rating of a chat and an anonymised comment; erased with the session."""
    return f"{PREFIX}:rating:{session_id}"


# --- the citizen's presence, for the counsellor (no text; short TTLs) ---
def citizen_typing(session_id: str) -> str:
    """String with a short TTL (HANDOVER_TYPING_TTL_S): the citizen is typing."""
    return f"{PREFIX}:typing:{session_id}"


def citizen_active(session_id: str) -> str:
    """String with a TTL of HANDOVER_CITIZEN_IDLE_AFTER_S: the citizen typed this recently (ISO time)."""
    return f"{PREFIX}:citizen-active:{session_id}"


def session_typing_channel(session_id: str) -> str:
    """Pub/sub channel: ephemeral JSON signals {"from": "counsellor", "name": first name} that the
    counsellor is typing to this session (never stored)."""
    return f"{PREFIX}:session-typing:{session_id}"


def session_typing(session_id: str) -> str:
    """String with a TTL of 6 s: the last counsellor typing signal (JSON), so a long-poll can see it."""
    return f"{PREFIX}:counsellor-typing:{session_id}"


CANNED_REPLIES = f"{PREFIX}:canned-replies"  # JSON string: the canned replies an admin saved (PUT /api/canned-replies); else the file's


# --- abuse protection ---
RATE_LIMIT_PREFIX = f"{PREFIX}:ratelimit"  # the `limits` library's counters live under this prefix


def login_failures(kind: str, subject: str) -> str:
    """String with a TTL: consecutive failed logins for an account (kind "account") or a client
    address (kind "address")."""
    return f"{PREFIX}:login-failures:{kind}:{subject}"


def login_locked(kind: str, subject: str) -> str:
    """String with a TTL: logins for this account or address are refused until it expires."""
    return f"{PREFIX}:login-locked:{kind}:{subject}"


def waiting_by_address(address: str) -> str:
    """Set: the waiting handovers queued from one client address (the cap per address)."""
    return f"{PREFIX}:waiting-by-address:{address}"


# --- accountability ---
AUDIT_LOG = f"{PREFIX}:audit"  # list of JSON entries: which staff member read which conversation, newest first


# --- messaging channels (assistant.channels): SMS and Telegram ---
def channel_identity(channel: str, identity_hash: str) -> str:
    """String: the session id a channel identity (a keyed hash of the phone number or chat id, never
    the number itself) is talking in; expires with the retention period, erased with the session."""
    return f"{PREFIX}:channel-identity:{channel}:{identity_hash}"


def channel_session(session_id: str) -> str:
    """Hash: a channel session's channel, identity key, the address replies go to (phone number or
    chat id, kept only while the session lives), the delivered-seq cursor, and the choices on offer
    (SMS numbers, Telegram button ids -> payloads). Erased with the session (core.retention.forget)."""
    return f"{PREFIX}:channel-session:{session_id}"


def channel_delivery_lock(session_id: str) -> str:
    """String with a short TTL: the outbound dispatcher delivering this session's events (one at a time)."""
    return f"{PREFIX}:channel-lock:{session_id}"


CHANNEL_SESSIONS = f"{PREFIX}:channel-sessions"  # set: channel session ids the dispatcher watches


def channel_update_seen(channel: str, update_id: str) -> str:
    """String with a TTL: a provider's update / message id already handled (providers retry)."""
    return f"{PREFIX}:channel-seen:{channel}:{update_id}"


def channel_limited_notice(identity_key: str) -> str:
    """String with a TTL: this identity was told it is over the message limit (told once per window)."""
    return f"{PREFIX}:channel-limited:{identity_key}"


def short_link(code: str) -> str:
    """String: the source URL a short link (/s/{code}) redirects to (public article URLs only)."""
    return f"{PREFIX}:short-link:{code}"


# --- replicas: the periodic jobs run on one gateway at a time (handover.leader) ---
def leader(role: str) -> str:
    """String with a TTL (HANDOVER_LEADER_TTL_S): the id of the gateway instance that runs the
    periodic jobs of ``role`` (lease sweeper, abandonment and retention sweeps); renewed by its holder."""
    return f"{PREFIX}:leader:{role}"
