"""Socket.io across Rasa replicas: a message for her reaches the replica that holds her socket.

With several Rasa replicas behind nginx, her socket.io connection lives on one of them (sticky by
her address), but the worker's scheduled messages and a counsellor's replies arrive through Rasa's
HTTP API (`output_channel=latest`), which nginx gives to any replica. Rasa 3.6 emits them with
`sio.emit(..., room=<her session id>)` on the replica that took the API call; on its own that
replica has no such room and she would hear nothing.

python-socketio's pub/sub client manager fixes this without touching Rasa: every emit is published
on a Redis channel, every replica listens, and the replica whose socket is in that room sends it
(exactly one emit per socket: the publishing replica handles its own message like the others).
Rasa joins her socket to a room named after her session id (session_persistence: true in
credentials.yml), so the room name is the conversation id Rasa's API is called with.

Messages on the channel are JSON, never pickle (python-socketio's default would unpickle whatever
anyone with access to that Redis publishes). Redis is the lock store's; a restart of it loses the
emits published while it is down (the bot event is in her tracker all the same, and the widget shows
the history on reload), and the listener reconnects by itself.
"""
import json
import logging
from typing import Any

from socketio import AsyncRedisManager

logger = logging.getLogger(__name__)


class JsonRedisManager(AsyncRedisManager):
    """AsyncRedisManager that publishes JSON and ignores anything else on its channel."""

    async def _publish(self, data: Any) -> Any:
        retry = True
        while True:
            try:
                if not retry:
                    self._redis_connect()
                return await self.redis.publish(self.channel, json.dumps(data))
            except Exception as error:  # redis.exceptions.RedisError and connection errors
                if not retry:
                    logger.error("socket.io bridge: cannot publish to Redis (%s)", type(error).__name__)
                    return None
                retry = False

    async def _listen(self):
        async for raw in super()._listen():
            try:
                message = json.loads(raw)
            except (TypeError, ValueError):
                continue  # not ours: never unpickled
            if isinstance(message, dict):
                yield message


def share_emits(sio, redis_url: str, channel: str) -> None:
    """Puts the Redis bridge in place of the server's in-process client manager (before any
    connection: the manager is initialised at the first one)."""
    if getattr(sio, "manager_initialized", False):
        raise RuntimeError("socket.io bridge: the server already has clients")
    manager = JsonRedisManager(redis_url, channel=channel)
    manager.set_server(sio)
    sio.manager = manager
    logger.info("socket.io: emits shared between replicas over Redis")
