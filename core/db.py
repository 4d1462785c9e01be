"""Writing several rows in one database round trip (PostgreSQL), for hot paths.

PostgreSQL runs a query string of several statements, sent as one message, as one
implicit transaction: all of it is committed, or none of it. Django sends one statement
per round trip and frames a transaction with two more (BEGIN, COMMIT); on the intake path
those round trips cost more than the rows themselves.

Each run of rows of one model is one INSERT whose rows arrive as one JSON document
(``jsonb_populate_recordset``): the values are Django's own (``pre_save`` and
``get_db_prep_save`` of every field: encryption of personal data, keyed hashes, JSON
through the field's encoder), the statement text is the same for every call of one
shape, and the driver quotes one parameter instead of a hundred. A value with no plain
JSON form (binary data, a duration, a database expression) makes that run Django's
compiled INSERT instead.

Elsewhere (SQLite, the embedded mode) the same rows are written one statement after the
other inside ``transaction.atomic()``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from itertools import groupby
from typing import Any
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.sql import InsertQuery
from psycopg.types.json import Json, Jsonb


def sends_query_strings(conn: BaseDatabaseWrapper | None = None) -> bool:
    """Whether a query string of several statements (with client-side bound parameters)
    can be sent in one round trip: PostgreSQL with psycopg's default client-side binding."""
    conn = conn or connections[DEFAULT_DB_ALIAS]
    return conn.vendor == "postgresql" and not conn.settings_dict["OPTIONS"].get(
        "server_side_binding"
    )


def insert_together(rows: Sequence[Model]) -> None:
    """INSERT ``rows`` (unsaved model instances) in order, all or nothing.

    On PostgreSQL in one round trip: consecutive rows of one model become one multi-row
    INSERT, and the statements go as one query string, which is its own transaction (or a
    savepoint of the caller's). A row without a primary key gets the one the database
    gave it (RETURNING). Rows referring to an earlier row of the same call need its key
    before: reserve it (letters.services.intake reserves the letter's id with its number).

    Elsewhere: one ``bulk_create`` per run of rows of a model, inside ``transaction.atomic``,
    where a row's foreign key is taken from the related instance saved just before it.
    """
    if not rows:
        return
    runs = [list(run) for _, run in groupby(rows, key=type)]
    # The connection itself, not django.db.connection: the compiler and every field look
    # it up hundreds of times, and the proxy resolves it through a context-local each time.
    connection = connections[DEFAULT_DB_ALIAS]
    if not sends_query_strings(connection):
        with transaction.atomic():
            for run in runs:
                type(run[0])._base_manager.bulk_create(run)
        return

    statements: list[str] = []
    params: list[Any] = []
    returning: list[list[Model] | None] = []
    for run in runs:
        _check_run(run)
        insert = _record_insert(run, connection) or _compile_insert(run, connection)
        statement, values, returns = insert
        statements.append(statement)
        params.extend(values)
        returning.append(run if returns else None)

    def execute() -> None:
        with connection.cursor() as cursor:
            cursor.execute("; ".join(statements), params)
            for position, run in enumerate(returning):
                if position:
                    cursor.nextset()
                if run is not None:
                    for row, (pk,) in zip(run, cursor.fetchall(), strict=True):
                        row.pk = pk

    if connection.in_atomic_block:
        # A savepoint: a failure leaves the caller's work intact.
        with transaction.atomic(using=connection.alias):
            execute()
    else:
        execute()
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias


def _check_run(run: list[Model]) -> None:
    """Django's checks before an INSERT (as ``bulk_create``): one model without parents,
    all rows with a key or none, every related row saved (its key copied)."""
    model = type(run[0])
    if model._meta.parents:
        raise ValueError(f"insert_together: {model.__name__} has parent models")
    has_pk = run[0].pk is not None
    if any((row.pk is not None) != has_pk for row in run):
        raise ValueError(f"insert_together: some {model.__name__} rows have a key, some not")
    for row in run:
        prepare: Any = row._prepare_related_fields_for_save  # type: ignore[attr-defined]
        prepare(operation_name="insert_together")


def _fields(run: list[Model]) -> list[Any]:
    opts = type(run[0])._meta
    has_pk = run[0].pk is not None
    return [
        field
        for field in opts.concrete_fields
        if not field.generated and (has_pk or field is not opts.pk)
    ]


class _NoPlainForm(Exception):
    """A value the JSON document cannot carry as the column's input text."""


def _plain(value: Any) -> Any:
    """A prepared database value as JSON: what the column's input function reads back."""
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if isinstance(value, Json | Jsonb):  # a JSON column
        if value.dumps is None or value.dumps is json.dumps:
            return value.obj  # plain JSON: encoded with the document (refused the same)
        return json.loads(value.dumps(value.obj))  # through the field's own encoder
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, list):  # an array column
        return [_plain(item) for item in value]
    raise _NoPlainForm(type(value).__name__)


def _record_insert(
    run: list[Model], connection: BaseDatabaseWrapper
) -> tuple[str, tuple[Any, ...], bool] | None:
    """The INSERT of a run of rows of one model with its rows as one JSON document, or
    None when a value has no plain JSON form (``_compile_insert`` then)."""
    model = type(run[0])
    opts = model._meta
    fields = _fields(run)
    try:
        records = []
        for row in run:
            record = {}
            for field in fields:
                value = field.pre_save(row, True)
                if hasattr(value, "resolve_expression"):
                    return None  # a database expression: Django compiles it
                record[field.column] = _plain(field.get_db_prep_save(value, connection))
            records.append(record)
        document = json.dumps(records, ensure_ascii=False, allow_nan=False)
    except (_NoPlainForm, TypeError, ValueError):  # Django then compiles (and refuses) it
        return None
    qn = connection.ops.quote_name
    table = qn(opts.db_table)
    columns = ", ".join(qn(field.column) for field in fields)
    statement = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the model's meta
        f"SELECT {columns} FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb)"
    )
    has_pk = run[0].pk is not None
    if not has_pk:
        statement += f" RETURNING {table}.{qn(opts.pk.column)}"
    return statement, (document,), not has_pk


def _compile_insert(
    run: list[Model], connection: BaseDatabaseWrapper
) -> tuple[str, tuple[Any, ...], bool]:
    """Django's INSERT of a run of rows of one model (as ``bulk_create`` compiles it), with
    RETURNING of the primary key if the rows have none yet."""
    opts = type(run[0])._meta
    has_pk = run[0].pk is not None
    query = InsertQuery(type(run[0]))
    query.insert_values(_fields(run), run)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = None if has_pk else [opts.pk]
    [(statement, values)] = compiler.as_sql()
    return statement, values, not has_pk
