"""A whole review in one zip file, and back: `export_review` / `import_review`.

`graph.py` finds every model that belongs to a review (a chain of foreign keys to `Review`),
`registry.py` holds what other apps hand in (their personal-data fields, the models left
out and why), `services/export.py` writes the zip, `services/restore.py` checks and reads
it back in one transaction, `canonical.py` is the id-free form two exports are compared in.
"""
