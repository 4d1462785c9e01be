"""Writing several rows in one database round trip (PostgreSQL), for hot paths.

PostgreSQL runs a query string of several statements, sent as one message, as one
implicit transaction: all of it is committed, or none of it. Django sends one statement
per round trip and frames a transaction with two more (BEGIN, COMMIT); on the intake path
those round trips cost more than the rows themselves. The SQL here is Django's own: each
INSERT is compiled by the model's insert compiler (field preparation, ``pre_save``,
encryption of personal data and keyed hashes alike), only sent together.

Elsewhere (SQLite, the embedded mode) the same rows are written one statement after the
other inside ``transaction.atomic()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.sql import InsertQuery

# Up to this many rows in a call, each row is its own INSERT (see insert_together).
SHORT_RUN = 8


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
    # A few rows go as one statement each: Django writes several rows of a model through
    # UNNEST of arrays, which saves planning on large batches but on two or three rows
    # costs more in compiling and quoting the arrays than it saves.
    runs = [[row] for run in runs for row in run] if len(rows) <= SHORT_RUN else runs
    for run in runs:
        statement, values, returns = _compile_insert(run, connection)
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


def _compile_insert(
    run: list[Model], connection: BaseDatabaseWrapper
) -> tuple[str, tuple[Any, ...], bool]:
    """Django's INSERT of a run of rows of one model (as ``bulk_create`` compiles it), with
    RETURNING of the primary key if the rows have none yet."""
    model = type(run[0])
    opts = model._meta
    if opts.parents:
        raise ValueError(f"insert_together: {model.__name__} has parent models")
    has_pk = run[0].pk is not None
    if any((row.pk is not None) != has_pk for row in run):
        raise ValueError(f"insert_together: some {model.__name__} rows have a key, some not")
    for row in run:
        # Django's own check (as bulk_create): a related row must be saved, its key copied.
        prepare: Any = row._prepare_related_fields_for_save  # type: ignore[attr-defined]
        prepare(operation_name="insert_together")
    fields = [
        field
        for field in opts.concrete_fields
        if not field.generated and (has_pk or field is not opts.pk)
    ]
    query = InsertQuery(model)
    query.insert_values(fields, run)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = None if has_pk else [opts.pk]
    [(statement, values)] = compiler.as_sql()
    return statement, values, not has_pk
