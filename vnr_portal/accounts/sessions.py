"""When a signed-in session started and when it was last used, kept in the session itself.

The clock is `now()`, read through this module, so that tests can move time without waiting.
"""

import time

# Seconds since the epoch, as integers (the session is stored as JSON).
SIGNED_IN_KEY = "vnr_signed_in_at"
LAST_SEEN_KEY = "vnr_last_seen_at"
# The last-seen time is rewritten at most once a minute, so that a page's requests do not
# each write the session.
ACTIVITY_RESOLUTION = 60


def now() -> int:
    return int(time.time())


def session_stamp_sign_in(session) -> None:
    """Start the clocks of a session that has just signed in."""
    moment = now()
    session[SIGNED_IN_KEY] = moment
    session[LAST_SEEN_KEY] = moment


def session_expiry_reason(session, *, idle_timeout: int, max_age: int) -> str | None:
    """Why the session must end: "age" when it is older than `max_age` seconds, "idle" when
    it was last used `idle_timeout` seconds ago or more; else None. A session signed in
    before these clocks existed starts them now."""
    signed_in, last_seen = session.get(SIGNED_IN_KEY), session.get(LAST_SEEN_KEY)
    if not isinstance(signed_in, int) or not isinstance(last_seen, int):
        session_stamp_sign_in(session)
        return None
    moment = now()
    if moment - signed_in >= max_age:
        return "age"
    if moment - last_seen >= idle_timeout:
        return "idle"
    return None


def session_touch(session) -> None:
    """Record that the session is in use (at most once per ACTIVITY_RESOLUTION seconds)."""
    moment = now()
    if moment - session.get(LAST_SEEN_KEY, 0) >= ACTIVITY_RESOLUTION:
        session[LAST_SEEN_KEY] = moment
