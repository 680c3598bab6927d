"""From the first VNR to the second: what makes a second review second.

Carry-over from the previous review, the register of the first VNR's commitments and the
roadmap between the two reviews, the institutional self-assessment, the national
development strategy and its sector reviews, the side-by-side view, and the generated
"From the first to the second VNR" chapter. A top-layer package beside publishing,
reporting and evidence: it may use workspace, drafting and core (and `indicators`), never
its neighbours; its report annexes are registered by `ReviewsConfig.ready()`.

Layout: `models/` (a module per feature, gathered in `models/__init__.py`), `services/`
(writes), `selectors/` (reads), `forms/`, `views/`, `urls.py`, templates in
`templates/reviews/followup/`, `tests/`.
"""
