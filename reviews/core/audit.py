from django.db import models

from reviews.core.models import AuditEntry, Review


def audit_record(*, review: Review | None, actor, action: str, summary: str, data: dict | None = None) -> AuditEntry:
    """Append an entry to the review's audit log (entries are never changed afterwards).

    Call inside the transaction of the change it records, so that both land or neither.
    """
    entry = AuditEntry(
        review=review,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=str(summary)[:500],
        data=data or {},
    )
    entry.full_clean()
    entry.save()
    return entry


def describe(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name}: {obj}"


def record_api_token_change(sender, *, actor, token, action: str, **kwargs) -> None:
    """A personal API token made or revoked (vnr_portal.accounts' `api_token_changed`, sent
    inside the change's transaction): an entry of no review, never the token's secret."""
    audit_record(
        review=None,
        actor=actor,
        action=action,
        summary=f"API token: {token.name} ({token.prefix})",
        data={"token": token.pk, "prefix": token.prefix, "scope": token.scope, "expires_on": str(token.expires_on)},
    )
