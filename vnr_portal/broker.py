"""kombu's filesystem transport (the broker without REDIS_URL) without its crashing race.

kombu's producer creates a message's file and then writes into it (kombu 5.7; the symptom
is celery/kombu#1551). A worker polling the folder in between takes the still empty
file, fails to decode it and stops with "Unrecoverable error: JSONDecodeError", and the
message is lost; about 30 sign-ups in a burst were enough. Here a message is written under
a name the worker does not pick up and renamed into place once complete (a rename in one
folder is atomic), and a message that still cannot be decoded is logged and skipped
instead of stopping the worker. Settings select it with CELERY_BROKER_TRANSPORT.
"""

import contextlib
import logging
import os
import time
import uuid
from queue import Empty

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

logger = logging.getLogger(__name__)

# A worker picks the files named "<anything>.<queue>.msg"; "<...>.msg.partial" is never one.
PARTIAL_SUFFIX = ".partial"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put a message on `queue`: written in full under a partial name, then renamed into place."""
        # kombu's own name: the worker takes messages in the order of their names.
        name = f"{int(round(time.monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        path = os.path.join(self.data_folder_out, name)
        partial = path + PARTIAL_SUFFIX
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add file {path!r} to directory") from error

    def _get(self, queue):
        try:
            return super()._get(queue)
        except ValueError:  # a JSONDecodeError: an empty or cut message from an older producer
            logger.error("Skipped a message of the queue %r that could not be decoded.", queue)
            raise Empty() from None

    def get_table(self, exchange):
        try:
            return super().get_table(exchange)
        except ValueError:  # the exchange's table is being written by a worker binding a queue
            return []

    def _queue_bind(self, exchange, routing_key, pattern, queue):
        # Another process creates the exchange's file and then writes it: read it again.
        for attempt in range(3):
            try:
                return super()._queue_bind(exchange, routing_key, pattern, queue)
            except ValueError:
                if attempt == 2:
                    raise
                time.sleep(0.05)


class Transport(filesystem.Transport):
    Channel = Channel
