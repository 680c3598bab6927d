"""Reads of the draft (outline, sections, main messages, council votes): one module per
subject, beside the services that write it. Nothing here writes."""
