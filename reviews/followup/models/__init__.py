"""The follow-up's models, a module per feature (Django loads them through reviews.models)."""
