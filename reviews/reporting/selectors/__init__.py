"""Reads of ministry progress reports (reports, templates, rounds and the tracker, offline
documents, incorporation into the draft): one module per subject, beside the services
that write it. Nothing here writes."""
