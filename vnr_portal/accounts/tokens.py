"""Personal API tokens: making the secret text, hashing it, and finding the token a
request presents (`Authorization: Token vnr_<prefix>_<secret>`). Pure but for `token_for_text`."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_RE = re.compile(r"^vnr_(?P<prefix>[A-Za-z0-9]{12})_(?P<secret>[A-Za-z0-9_-]{40,80})$")
SECRET_BYTES = 40


def new_token_text() -> tuple[str, str]:
    """(prefix, text) of a new token: 12 letters and digits, then 40 random bytes, URL-safe."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    prefix = "".join(secrets.choice(alphabet) for _ in range(12))
    return prefix, f"vnr_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def hash_token(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_token(text: str) -> str | None:
    """The prefix of a well-formed token text, else None."""
    match = TOKEN_RE.match(text or "")
    return match["prefix"] if match else None


def token_matches(token, text: str) -> bool:
    return hmac.compare_digest(token.secret_hash, hash_token(text))
