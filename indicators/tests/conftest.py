"""What the indicators tests share: the SDG framework as data, as a file and in the database."""

import json

import pytest

from indicators.services import DEFAULT_FRAMEWORK_PATH, framework_load


@pytest.fixture(scope="session")
def _real_framework_text():
    return DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8")


@pytest.fixture
def real_framework(_real_framework_text):
    """The framework kept in indicators/data/, parsed afresh: a test may change its copy."""
    return json.loads(_real_framework_text)


@pytest.fixture
def framework(db):
    """The real framework loaded into the database: 17 goals, 169 targets, 251 indicators."""
    return framework_load()


@pytest.fixture
def framework_file(tmp_path):
    """Writes a framework (a dict, or text as it is) to a file in tmp_path and returns its path."""

    def write(data, name="framework.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return path

    return write
