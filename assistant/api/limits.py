"""Rate limits on the citizen API, as route dependencies: a request over a limit gets ``429``
``rate_limited`` with ``Retry-After`` before its route runs, so nothing of it is stored.

The rules come from ``AssistantSettings`` (``ASSISTANT_LIMIT_*``; ``app.state.limiter``): messages
per session and per client address, new sessions per client address. Requests for a counsellor
are counted by the conversation (``Conversation.handle``), which alone knows when a message asks
for one; the cap on waiting handovers per address is the state machine's (``SessionFlow.queue``).
The client address is the peer, or the forwarded address behind ``ASSISTANT_TRUSTED_PROXIES``.
"""

from typing import Annotated

from fastapi import Depends

from assistant.api.deps import CitizenSession
from core.deps import ClientAddress, Limiter

TOO_MANY = {429: {"description": "Too many requests (`rate_limited`); try again after `Retry-After` seconds. "
                                 "Nothing was stored."}}


async def message_allowed(session: CitizenSession, limiter: Limiter, address: ClientAddress) -> None:
    """A message (or a callback request) from this session and this address."""
    await limiter.hit("messages_per_session", session.id)
    await limiter.hit("messages_per_address", address)


async def session_allowed(limiter: Limiter, address: ClientAddress) -> None:
    """A new session from this address."""
    await limiter.hit("sessions_per_address", address)


MessageAllowed = Annotated[None, Depends(message_allowed)]
SessionAllowed = Annotated[None, Depends(session_allowed)]
