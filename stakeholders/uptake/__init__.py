"""Taking feedback in: a decision per contribution, accepting a rewording into the draft,
the round's summary, the public "you said, we did" page and the report's annex."""
