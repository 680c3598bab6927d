"""Queries whose SQL is compiled once, for the reads that every request makes.

Building and compiling a queryset costs Django more than PostgreSQL spends running a small
query (measured on seed_scale's big review: loading a review with its country takes
0.92 ms through the ORM, 0.38 ms from its compiled SQL): a read made on every request can
keep its SQL and send only its parameters.
"""

import weakref

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models.query import get_related_populators

_SQL: dict = {}
# Per connection (each thread has its own): a compiler holds its connection's converters.
_COMPILED_OBJECTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _checked_sql(queryset_of, sql: str, params, args) -> str:
    if [str(param) for param in params] != [str(arg) for arg in args]:
        raise ValueError(f"{queryset_of.__qualname__}: the parameters of the query are not its arguments.")
    return sql


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
        sql = _checked_sql(queryset_of, *queryset_of(*args).query.sql_with_params(), args)
        _SQL[queryset_of] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


class _Recipe:
    """What Django's ModelIterable works out from a compiled query to build its objects
    (django/db/models/query.py), worked out once."""

    def __init__(self, queryset_of, args, db):
        compiler = queryset_of(*args).query.get_compiler(using=db.alias)
        self.sql = _checked_sql(queryset_of, *compiler.as_sql(), args)
        self.compiler = compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.related_populators = get_related_populators(klass_info, select, db.alias)
        self.annotations = list(compiler.annotation_col_map.items())
        self.converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])

    def objects(self, rows: list, alias: str) -> list:
        if self.compiler.has_extra_select:
            rows = [row[: self.compiler.col_count] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        found = []
        for row in rows:
            obj = self.model.from_db(alias, self.init_list, row[self.start : self.end])
            for populator in self.related_populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


def compiled_objects(queryset_of, *args) -> list:
    """The model instances of `queryset_of(*args)`, as the queryset would give them (its
    select_related objects and annotations, Django's converters applied), its SQL
    compiled once per database connection.

    `queryset_of` is as for `compiled_rows`; its queryset yields model instances (not
    `values()`), and its `prefetch_related` is not run.
    """
    db = connections[DEFAULT_DB_ALIAS]
    recipes = _COMPILED_OBJECTS.setdefault(db, {})
    recipe = recipes.get(queryset_of)
    if recipe is None:
        recipe = recipes[queryset_of] = _Recipe(queryset_of, args, db)
    with db.cursor() as cursor:
        cursor.execute(recipe.sql, args)
        rows = cursor.fetchall()
    return recipe.objects(rows, db.alias)


def compiled_object(queryset_of, *args):
    """The first of `compiled_objects(queryset_of, *args)`, or None."""
    found = compiled_objects(queryset_of, *args)
    return found[0] if found else None
