"""The follow-up's models, a module per feature (Django loads them through reviews.models)."""

from reviews.followup.models.sidebyside import SectionMatch

__all__ = ["SectionMatch"]
