"""Consultation rounds, staff side: a round's settings, the draft sections (frozen copies)
and questions it consults on, their translations, publishing, and invitations."""
