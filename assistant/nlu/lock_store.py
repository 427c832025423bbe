"""Runs inside the Rasa server (the .venv-rasa process): Rasa's Redis ticket lock in two atomic
steps per turn instead of seven round trips.

Rasa 3.6's ``RedisLockStore`` takes a turn's lock with GET + SET (issue a ticket), GET (is it my
turn?), and gives it back with GET + SET (remove the ticket), GET (anyone waiting?) and DEL. The
read and the write of a ticket are separate calls, so two Rasa workers that take a ticket for the
same conversation at the same moment can both be given the same number and both go ahead.

Here each step is one Lua script, so it is atomic across workers and processes:

* issue: drop expired tickets, append the next number, and answer whether it is served now (the
  common case: no other turn of this conversation is running), with the lock as stored;
* give back: drop the ticket (and expired ones); delete the lock when no ticket is left (the same
  step, without a ticket, drops expired tickets while a turn waits).

A ticket that is not served at once waits as in Rasa (``_acquire_lock``: the lock is read again
every ``wait_time_in_seconds``, and a lock that expired meanwhile raises ``LockError``). Same key,
same JSON (``TicketLock``: each ticket a JSON string of ``number`` and ``expires``), same lifetime,
so Rasa's own store reads what this one writes.

``endpoints.yml`` names it (``lock_store: type: assistant.nlu.lock_store.AtomicRedisLockStore``).
"""

import json
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

# KEYS[1]: the lock; ARGV: conversation id, now (s), lifetime (s). Returns {number, served, lock}.
ISSUE = """
local stored = redis.call('GET', KEYS[1])
local tickets = {}
if stored then
  for _, raw in ipairs(cjson.decode(stored)['tickets'] or {}) do
    local ticket = cjson.decode(raw)
    if tonumber(ticket['expires']) >= tonumber(ARGV[2]) then table.insert(tickets, ticket) end
  end
end
local number = 0
if #tickets > 0 then number = tickets[#tickets]['number'] + 1 end
table.insert(tickets, {number = number, expires = tonumber(ARGV[2]) + tonumber(ARGV[3])})
local encoded = {}
for i, ticket in ipairs(tickets) do
  encoded[i] = cjson.encode({number = ticket['number'], expires = ticket['expires']})
end
local lock = cjson.encode({conversation_id = ARGV[1], tickets = encoded})
redis.call('SET', KEYS[1], lock)
local served = 0
if tickets[1]['number'] == number then served = 1 end
return {number, served, lock}
"""

# KEYS[1]: the lock; ARGV: ticket number, now (s). The ticket and expired ones go; no ticket left:
# the lock goes.
GIVE_BACK = """
local stored = redis.call('GET', KEYS[1])
if not stored then return 0 end
local lock = cjson.decode(stored)
local encoded = {}
for _, raw in ipairs(lock['tickets'] or {}) do
  local ticket = cjson.decode(raw)
  if ticket['number'] ~= tonumber(ARGV[1]) and tonumber(ticket['expires']) >= tonumber(ARGV[2]) then
    table.insert(encoded, raw)
  end
end
if #encoded == 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('SET', KEYS[1], cjson.encode({conversation_id = lock['conversation_id'], tickets = encoded}))
return #encoded
"""


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # as Rasa builds a lock store named by its module path
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self._issue = self.red.register_script(ISSUE)
        self._give_back = self.red.register_script(GIVE_BACK)

    def _key(self, conversation_id: Text) -> Text:
        return self.key_prefix + conversation_id

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        return self._issue_ticket(conversation_id, lock_lifetime)[0]

    def _issue_ticket(self, conversation_id: Text, lock_lifetime: float) -> tuple:
        try:
            number, served, stored = self._issue(keys=[self._key(conversation_id)],
                                                 args=[conversation_id, time.time(), lock_lifetime])
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}")
        return int(number), bool(served), TicketLock.from_dict(json.loads(stored))

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._give_back(keys=[self._key(conversation_id)], args=[ticket_number, time.time()])

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)  # deletes the lock when no one waits

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        ticket, served, lock = self._issue_ticket(conversation_id, lock_lifetime)
        try:
            if served:
                yield lock
            else:
                yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, ticket)

    def update_lock(self, conversation_id: Text) -> None:
        """While waiting: expired tickets go, in one step (Rasa reads and writes the lock apart, which
        could drop a ticket issued in between)."""
        self.finish_serving(conversation_id, -1)  # no ticket has the number -1
