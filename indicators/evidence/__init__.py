"""A country's indicator data: national series, observations with disaggregations, national
indicators and targets, dated snapshots; import from and export to Open SDG CSV, XLSX and
SDMX-ML. Imports no other app of ours: data is keyed by the country's ISO 3166 alpha-3 code
(`"GBR"`), which `reviews` joins on `Country.iso3`.

Layout: `models.py` (why it is shaped so: its docstring), `vocabulary.py` (what column names,
periods, values and codes mean; pure), `importers/` (file -> records, no database),
`services/` (writes), `selectors.py` (reads), `exports.py` (files out).

How to call it (views, tasks and commands all go through these):

Import (a page: a Celery task with ids and the stored upload; `progress` feeds a bar)::

    from indicators.evidence.services.imports import ImportFile, evidence_import, files_from_paths

    summary = evidence_import(
        country="GBR",
        files=[ImportFile(name=upload.name, data=upload.read())],  # or files_from_paths([...])
        skip_invalid_rows=False,
        progress=lambda done, total, name: ...,
    )
    summary.as_dict()  # files, observations_imported, observations_total, rows_rejected,
                       # indicators, national_indicators, errors [{file, line, column, reason}]

  Never raises for bad input (every problem is in `summary.errors`); raises ValidationError
  for a bad country code only. Check `upload.size` against settings.EVIDENCE_IMPORT_MAX_BYTES
  before reading an upload into memory.

Export (download buttons)::

    from indicators.evidence.exports import country_zip, indicator_export

    export = indicator_export(country="GBR", code="1.2.1", format="csv")  # csv | xlsx | sdmx
    export.filename, export.content_type, export.content
    country_zip(country="GBR")  # every indicator: Open SDG CSVs + metadata, as a zip

Snapshot (a review records the data it used; reviews keeps the foreign key)::

    from indicators.evidence.services.snapshots import take_snapshot

    snapshot = take_snapshot(country="GBR", label="First VNR, 2019")
    selectors.snapshot_observations(snapshot, series=None)  # its figures, for ever

Reads (`selectors`): `series_for_country`, `series_for_indicator`, `observations_current`
(filter a breakdown in SQL: `.filter(disaggregation__Sex="Female")`; the headline:
`.filter(disaggregation={})`), `indicator_codes_with_data`, `observation_count`,
`snapshots_for_country`, `snapshot_versions`, `snapshot_observations`.
Metadata and targets (`services.series`): `series_metadata_update`, `national_target_set`.
"""
