"""Create the search index tables of published entries (``kb_entry_index``).

The tables are not models: the backend that fits the database vendor creates them
(SQLite FTS5 in the embedded mode, PostgreSQL full-text with a GIN index).
"""

from typing import Any

from django.db import migrations

from knowledge_base.search_backends import backend_for_connection

INDEX_TABLE = "kb_entry_index"


def create_index(apps: Any, schema_editor: Any) -> None:
    backend_for_connection(schema_editor.connection).create_index(INDEX_TABLE)


def drop_index(apps: Any, schema_editor: Any) -> None:
    backend_for_connection(schema_editor.connection).drop_index(INDEX_TABLE)


class Migration(migrations.Migration):
    dependencies = [("knowledge_base", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
