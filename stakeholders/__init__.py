"""Stakeholder engagement of a review, one package per workflow:

- registry/       categories, organisations and contacts, the map, the hub, standing
                  groups and meetings, the engagement plan (staff)
- rounds/         consultation rounds: settings, frozen sections, questions,
                  translations, publishing, invitations (staff)
- portal/         the public portal: its settings, its pages, accounts, contributing
- moderation/     the queue, actions on a contribution, blocks, prepared answers
- uptake/         decisions on contributions, the round summary, "you said, we did",
                  the report's annex
- inclusiveness/  who the engagement reached, the first VNR's baseline, the survey

Each package holds its models, services (writes), selectors (reads), forms, views,
urls, templates and tests. At the root: models.py (every model, for Django), rules.py
(every permission, with the querysets lists filter by), urls.py, tasks.py, apps.py,
languages.py and messages.py (helpers all features use), demo.py (the demo data), and
templates/ with the frames every feature's pages share (staff: engagement/, public:
public/). Shared test fixtures are in conftest.py, factories in tests/factories.py.
"""
