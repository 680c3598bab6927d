"""The follow-up's models, a module per feature (Django loads them through reviews.models)."""

from reviews.followup.models.commitments import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    CommitmentUpdate,
    UpdateState,
)

__all__ = ["Commitment", "CommitmentKind", "CommitmentStatus", "CommitmentUpdate", "UpdateState"]
