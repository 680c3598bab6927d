"""What the evidence tests share: the framework in the database, files to import, a runner
of the import command that returns its JSON summary."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.evidence.services.imports import ImportFile, evidence_import
from indicators.services import framework_load

UK_SAMPLE = Path(__file__).resolve().parent / "data" / "opensdg-uk-sample"


@pytest.fixture
def framework(db):
    """The real SDG framework: 251 global indicator codes."""
    return framework_load()


def as_bytes(content) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


@pytest.fixture
def import_files(framework):
    """Imports {name: text or bytes} for a country through the service; returns the summary."""

    def run(files: dict, *, country="GBR", skip_invalid_rows=False, progress=None):
        return evidence_import(
            country=country,
            files=[ImportFile(name=name, data=as_bytes(content)) for name, content in files.items()],
            skip_invalid_rows=skip_invalid_rows,
            progress=progress,
        )

    return run


@pytest.fixture
def write_files(tmp_path):
    """Writes {relative name: text or bytes} under tmp_path and returns the folder."""

    def write(files: dict, folder="data"):
        root = tmp_path / folder
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(as_bytes(content))
        return root

    return write


@pytest.fixture
def import_command(framework):
    """Runs `import_indicators --json` and returns (summary dict from the last line, output)."""

    def run(*paths, country="GBR", skip_invalid_rows=False):
        out, err = StringIO(), StringIO()
        options = ["--skip-invalid-rows"] if skip_invalid_rows else []
        call_command(
            "import_indicators", *map(str, paths), "--country", country, "--json", *options, stdout=out, stderr=err
        )
        lines = out.getvalue().strip().splitlines()
        return json.loads(lines[-1]), out.getvalue() + err.getvalue()

    return run


def stored_observations(country="GBR") -> list[tuple]:
    """Every current observation of the country, as sorted comparable tuples."""
    from indicators.evidence.models import Series
    from indicators.evidence.selectors import observations_current

    rows = []
    for series in Series.objects.filter(country=country, current_version__isnull=False):
        for obs in observations_current(series):
            rows.append(
                (
                    series.indicator_code,
                    series.code,
                    series.unit,
                    series.unit_multiplier,
                    obs.period,
                    obs.year,
                    obs.value,
                    obs.disaggregation,
                    obs.sdmx,
                    obs.status,
                    obs.status_code,
                    obs.footnote,
                    obs.attributes,
                )
            )
    return sorted(rows, key=repr)
