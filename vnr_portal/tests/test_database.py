import os

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_database_is_the_one_database_url_names():
    """CI sets DATABASE_URL to PostgreSQL; this fails if the suite quietly ran on SQLite."""
    with connection.cursor() as cursor:
        if os.environ.get("DATABASE_URL"):
            cursor.execute("select version()")
            assert (connection.vendor, cursor.fetchone()[0].split()[0]) == ("postgresql", "PostgreSQL")
        else:
            cursor.execute("select sqlite_version()")
            assert (connection.vendor, cursor.fetchone()[0].split(".")[0]) == ("sqlite", "3")
