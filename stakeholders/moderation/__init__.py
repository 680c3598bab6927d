"""Moderation: the queue of contributions, classifying, hiding, answering, spam in bulk,
blocking accounts, and the prepared answers."""
