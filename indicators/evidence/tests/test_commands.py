"""The import_indicators command: its output, its JSON summary and its exit."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.evidence.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_import_indicators_ends_with_a_json_summary_and_names_national_indicators(import_command, write_files):
    folder = write_files(
        {
            "indicator_1-2-1.csv": "Year,Value\n2015,1\n2016,x\n",
            "nested/indicator_8-3-1-1.csv": "Year,Value\n2015,3\n",
            "notes.txt": "ignored",
        }
    )

    summary, output = import_command(folder)

    assert summary == {
        "country": "GBR",
        "files": 2,
        "files_rejected": 1,
        "observations_imported": 1,
        "observations_total": 1,
        "rows_rejected": 1,
        "duplicates_dropped": 0,
        "rows_empty": 0,
        "series_written": 1,
        "series_unchanged": 0,
        "indicators": 1,
        "national_indicators": ["8.3.1.1"],
        "metadata_files": 0,
        "errors": [
            {
                "file": "data/indicator_1-2-1.csv",
                "line": 3,
                "column": "Value",
                "reason": 'the value "x" is not a number.',
            }
        ],
    }
    assert "Imported as national indicators (not in the global framework): 8.3.1.1" in output
    assert 'data/indicator_1-2-1.csv, line 3, column Value: the value "x" is not a number.' in output


def test_import_indicators_accepts_a_lower_case_country_and_several_paths(import_command, write_files):
    folder = write_files({"indicator_1-2-1.csv": "Year,Value\n2015,1\n", "indicator_3-1-1.csv": "Year,Value\n2015,2\n"})

    summary, _output = import_command(folder / "indicator_1-2-1.csv", folder / "indicator_3-1-1.csv", country="ken")

    assert (summary["country"], summary["observations_total"], summary["indicators"]) == ("KEN", 2, 2)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--country", "GBR", "/no/such/folder"], "No such file or folder: /no/such/folder"),
        (["--country", "G1", "."], "three capital letters"),
    ],
    ids=["missing-path", "bad-country"],
)
def test_import_indicators_refuses_bad_arguments(framework, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_indicators", *arguments, stdout=StringIO(), stderr=StringIO())
    assert Observation.objects.count() == 0


def test_import_indicators_exits_0_with_rejected_rows(tmp_path):
    """Through a real process, so the exit status is the shell's."""
    data = tmp_path / "indicator_1-2-1.csv"
    data.write_text("Year,Value\n2015,x\n")
    database = tmp_path / "db.sqlite3"
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)

    result = subprocess.run(
        [sys.executable, "manage.py", "import_indicators", "--country", "GBR", "--json", str(data)],
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["rows_rejected"], summary["observations_imported"]) == (1, 0)
