"""The gateway's Redis client, with what a restart of Redis needs.

redis-py's client built from a URL retries nothing: after Redis restarts, a pooled connection to
the old process that the pool did not see close fails the next command that takes it ("Connection
closed by server"), and a citizen whose message reached a healthy Redis got a 503. Such a command
is sent again on a new connection, twice at most, 40 ms apart. While Redis is down the new
connection is refused and the request still ends in a 503 (core/errors.py) within about 0.1 s.

A command is sent again only after its connection broke. Redis runs a command whole or not at
all, so it ran twice only if Redis ran it, stayed up, and the connection broke before the reply:
on loopback, a restart of Redis within those 80 ms. Timeouts are not retried (the command may
still be running).
"""

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

RETRIES = 2


def make_redis(url: str) -> Redis:
    """A client for ``url`` (nothing connects until the first command)."""
    retry = Retry(ExponentialBackoff(cap=0.04, base=0.02), RETRIES, supported_errors=(RedisConnectionError,))
    return Redis.from_url(url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5,
                          retry=retry, retry_on_error=[RedisConnectionError])
