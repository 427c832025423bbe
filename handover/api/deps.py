"""Typed dependencies of the handover API: its stores (staff roles come from ``core.deps``)."""

from typing import Annotated

from fastapi import Depends

from core.deps import state
from handover.backroom import BackRoom
from handover.callbacks import CallbackStore
from handover.counsellors import CounsellorStore
from handover.flow import SessionFlow
from handover.queue import HandoverStore
from handover.waiting import WaitingRoom
from knowledge.content_gaps import ContentGapStore

Handovers = Annotated[HandoverStore, Depends(state("handovers"))]
Counsellors = Annotated[CounsellorStore, Depends(state("counsellors"))]
Callbacks = Annotated[CallbackStore, Depends(state("callbacks"))]
Room = Annotated[BackRoom, Depends(state("backroom"))]
Waiting = Annotated[WaitingRoom, Depends(state("waiting"))]
Flow = Annotated[SessionFlow, Depends(state("flow"))]
ContentGaps = Annotated[ContentGapStore, Depends(state("content_gaps"))]
