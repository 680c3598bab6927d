"""Queries whose SQL is compiled once per process, for the reads that every request makes.

Building and compiling a queryset costs Django more than PostgreSQL spends running a small
query (measured on seed_scale's big review): a read made on every request can keep its
SQL and send only its parameters.
"""

from django.db import connection

_SQL: dict = {}


def compiled_rows(queryset_of, *args) -> list[tuple]:
    """The rows of `queryset_of(*args)` as the database driver returns them, its SQL
    compiled on the first call only.

    `queryset_of` is a module-level function (it keys the compiled SQL) whose queryset's
    parameters are `args` themselves, in their order (a date given as its ISO text, which
    both databases compare with a date column). The values come without Django's
    converters: integers and text are as the model gives them, dates and times are not
    on SQLite (text there), so read only integers and text, or hash the rows.
    """
    sql = _SQL.get(queryset_of)
    if sql is None:
        sql, params = queryset_of(*args).query.sql_with_params()
        if [str(param) for param in params] != [str(arg) for arg in args]:
            raise ValueError(f"{queryset_of.__qualname__}: the parameters of the query are not its arguments.")
        _SQL[queryset_of] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()
