"""Create the search index of published letters (``kb_letter_index``) and fill it.

Used to suggest similar answered letters while a citizen types; only the public texts
(masked title, letter and reply) are indexed.
"""

from typing import Any

from django.db import migrations

from knowledge_base.search_backends import backend_for_connection
from knowledge_base.search_core import Document

INDEX_TABLE = "kb_letter_index"


def create_index(apps: Any, schema_editor: Any) -> None:
    backend = backend_for_connection(schema_editor.connection)
    backend.create_index(INDEX_TABLE)
    letter = apps.get_model("letters", "Letter")
    published = letter.objects.filter(published_at__isnull=False).iterator()
    backend.add_documents(
        INDEX_TABLE,
        (Document(row.pk, row.public_title, row.public_body, row.public_text) for row in published),
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    backend_for_connection(schema_editor.connection).drop_index(INDEX_TABLE)


class Migration(migrations.Migration):
    dependencies = [("knowledge_base", "0002_kb_entry_index"), ("letters", "0009_publication")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
