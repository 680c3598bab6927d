"""Consultation in the REST API (/api/v1/reviews/<id>/rounds/, /api/v1/rounds/<id>/…): rounds,
their public contributions with the moderators' answers and the uptake decisions, and the
round's "you said, we did" summary, with the same permissions as the pages: every read
asks the predicates of stakeholders/rules.py or lists through the queryset functions beside
them, never a copy of them. Sits above every stakeholders package."""
