"""Typed dependencies of the citizen API (async, so FastAPI does not send them to a thread)."""

from typing import Annotated

from fastapi import Depends, Header, Request
from redis.exceptions import RedisError

from assistant.conversation import Conversation
from core.deps import bearer_token
from core.errors import ApiError
from core.sessions import Session, SessionStore
from core.transcripts import TranscriptStore
from handover.flow import SessionFlow


async def get_sessions(request: Request) -> SessionStore:
    return request.app.state.sessions


async def get_transcripts(request: Request) -> TranscriptStore:
    return request.app.state.transcripts


async def get_conversation(request: Request) -> Conversation:
    return request.app.state.conversation


async def get_flow(request: Request) -> SessionFlow:
    return request.app.state.flow


Sessions = Annotated[SessionStore, Depends(get_sessions)]
Transcripts = Annotated[TranscriptStore, Depends(get_transcripts)]
ConversationService = Annotated[Conversation, Depends(get_conversation)]
Flow = Annotated[SessionFlow, Depends(get_flow)]


async def citizen_session(
    session_id: str, sessions: Sessions, authorization: Annotated[str | None, Header()] = None
) -> Session:
    token = bearer_token(authorization)
    try:
        session, token_matches = await sessions.get_if_token(session_id, token)
        if session is None:
            raise ApiError(404, "session_not_found", f"unknown session {session_id!r}")
        if not token_matches:
            raise ApiError(403, "wrong_session_token", "this token does not belong to this session")
    except RedisError:
        raise ApiError(503, "store_unavailable", "Veivalg cannot reach its message store right now; your message was "
                                 "not saved. Please try again in a moment.") from None
    return session


CitizenSession = Annotated[Session, Depends(citizen_session)]
