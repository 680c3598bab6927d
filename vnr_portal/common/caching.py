"""`page_cache`: the cache of the pages' rendered and computed parts.

Every key names its content (a digest of what a part is made of, or a version token read
from the database), so an entry is never stale, only unused: each process may keep its own
copy, read without a round trip to a shared cache (CACHES["pages"], in each process's memory
unless PAGE_CACHE_URL says otherwise). What every process must share (throttles, sessions)
stays in the default cache.
"""

import hashlib

from django.core.cache import caches
from django.utils.connection import ConnectionProxy

page_cache = ConnectionProxy(caches, "pages")


def page_key(name: str, *parts) -> str:
    """The key of part `name` made of `parts` (values, lists and tuples of them): a digest,
    so that any text can be in them and the key stays short whatever their number."""
    return f"{name}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
