"""Importing SDMX-ML data messages with sdmx1, and refusing XML that could expand entities."""

from pathlib import Path

import pytest

from indicators.evidence.models import Observation, Series
from indicators.evidence.selectors import observations_current

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

DATA = Path(__file__).resolve().parent / "data" / "sdmx"
GENERIC = (DATA / "1-1-1-generic-sdg-1.0.xml").read_bytes()
STRUCTURE_SPECIFIC = (DATA / "1-1-1-structure-specific-sdg-1.11.xml").read_bytes()


def current():
    return [
        (
            obs.version.series.indicator_code,
            obs.version.series.code,
            obs.version.series.unit,
            obs.period,
            obs.value,
            obs.disaggregation,
            obs.sdmx,
            obs.status,
            obs.status_code,
            obs.footnote,
            obs.attributes,
        )
        for series in Series.objects.all()
        for obs in observations_current(series).select_related("version__series")
    ]


EXPECTED = [
    (
        "1.1.1",
        "SI_POV_DAY1",
        "PT",
        "2015",
        12.5,
        {"SEX": "F"},
        {"SEX": "F"},
        "E",
        "E",
        "Survey",
        {"FREQ": "A", "REF_AREA": "826"},
    )
]


def test_import_generic_sdmx_reads_series_breakdowns_and_attributes(import_files):
    summary = import_files({"1-1-1.xml": GENERIC})

    assert summary.errors == []
    assert (summary.observations_imported, summary.rows_empty) == (1, 1)  # NaN is no value
    assert current() == EXPECTED
    assert Series.objects.get().unit_code == "PT"


def test_import_structure_specific_sdmx_of_another_structure_version_reads_the_same(import_files):
    import_files({"1-1-1.xml": GENERIC})
    summary = import_files({"1-1-1.xml": STRUCTURE_SPECIFIC})

    assert summary.errors == []
    assert (summary.series_written, summary.series_unchanged) == (0, 1)
    assert current() == EXPECTED


def test_import_sdmx_takes_the_indicator_from_an_indicator_dimension(import_files):
    data = STRUCTURE_SPECIFIC.replace(b'<Series FREQ="A"', b'<Series INDICATOR="8.3.1.1" FREQ="A"')
    summary = import_files({"national.xml": data})

    assert summary.national_indicators == ["8.3.1.1"]
    assert Series.objects.get().indicator_code == "8.3.1.1"


def test_import_sdmx_without_an_indicator_is_refused(import_files):
    summary = import_files({"data.xml": GENERIC})

    assert [error.reason for error in summary.errors] == [
        "the indicator is not known: name the file after it (1-2-1.xml) or give an INDICATOR dimension."
    ]


def test_import_sdmx_refuses_a_bad_value_saying_where_it_is(import_files):
    data = GENERIC.replace(b'<generic:ObsValue value="12.5"/>', b'<generic:ObsValue value="twelve"/>')
    summary = import_files({"1-1-1.xml": data})

    assert [error.as_dict() for error in summary.errors] == [
        {
            "file": "1-1-1.xml",
            "line": None,
            "column": "Value",
            "reason": (
                'FREQ=A, SERIES=SI_POV_DAY1, REF_AREA=826, SEX=F, AGE=_T, 2015: the value "twelve" is not a number.'
            ),
        }
    ]
    assert Observation.objects.count() == 0


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">&lol3;</message:GenericData>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!doctype data [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">&secret;</message:GenericData>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity-expansion", "external-entity"])
def test_import_refuses_xml_with_a_doctype_or_entity_before_parsing(import_files, data, monkeypatch):
    from indicators.evidence.importers import sdmx_ml

    monkeypatch.setattr(sdmx_ml, "_parse", lambda data: pytest.fail("the XML was parsed"))
    summary = import_files({"1-1-1.xml": data})

    assert [error.reason for error in summary.errors] == [
        "the XML has a DOCTYPE or ENTITY declaration, which is refused (it could expand entities)."
    ]
    assert Observation.objects.count() == 0


def test_import_does_not_resolve_an_entity_reference_without_a_declaration(import_files):
    data = GENERIC.replace(b'value="Survey"', b'value="&ent;"')
    summary = import_files({"1-1-1.xml": data})

    assert summary.files_rejected == 1
    assert "not an SDMX-ML data message" in summary.errors[0].reason
    assert Observation.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>not SDMX</body></html>",
        b"<?xml version='1.0'?><message:GenericData xmlns:message='x'><unclosed>",
        GENERIC[: len(GENERIC) // 2],
        b"",
    ],
    ids=["html", "unknown-namespace", "truncated", "empty"],
)
def test_import_refuses_xml_that_is_not_an_sdmx_data_message_without_crashing(import_files, data):
    summary = import_files({"1-1-1.xml": data})

    assert summary.files_rejected == 1
    assert "SDMX-ML" in summary.errors[0].reason
    assert Observation.objects.count() == 0


def test_import_refuses_utf16_xml(import_files):
    summary = import_files({"1-1-1.xml": GENERIC.decode().encode("utf-16")})

    assert summary.errors[0].reason == "the file is not UTF-8 XML (it looks like UTF-16)."


def test_import_refuses_sdmx_with_more_observations_than_the_cap(import_files, settings):
    settings.EVIDENCE_IMPORT_MAX_ROWS = 1
    summary = import_files({"1-1-1.xml": GENERIC})

    assert summary.errors[0].reason == "the file has more than 1 observations."
