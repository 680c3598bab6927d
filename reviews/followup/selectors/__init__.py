"""Reads of the follow-up, a module per feature."""
