"""The gateway's Redis client sends a command again on a new connection when its pooled connection
was closed by the server (a restarted Redis), and still fails at once while Redis is down."""

import asyncio

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from core.redis_client import make_redis
from tests.processes import free_port

pytestmark = pytest.mark.integration


def test_a_connection_the_server_closed_is_replaced_and_the_command_stored_once(redis_server, redis_client):
    async def scenario():
        client = make_redis(redis_server.url)
        try:
            await client.rpush("list", "first")
            # Redis drops the pooled connection (as a restarted Redis has dropped all of them); the
            # event loop does not run before the next command, so the pool cannot see it close.
            redis_client.client_kill_filter(_id=await client.client_id())
            await asyncio.sleep(0)
            redis_client.ping()  # the kill has been carried out before the next command is sent
            await client.rpush("list", "second")
        finally:
            await client.aclose()

    asyncio.run(scenario())
    assert redis_client.lrange("list", 0, -1) == ["first", "second"]


def test_while_redis_is_down_the_command_fails_with_a_connection_error():
    async def scenario():
        client = make_redis(f"redis://127.0.0.1:{free_port()}/0")
        try:
            await client.rpush("list", "lost")
        finally:
            await client.aclose()

    with pytest.raises(RedisConnectionError):
        asyncio.run(scenario())
