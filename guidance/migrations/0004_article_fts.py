"""The knowledge base's FTS5 index on the SQLite default (guidance/fts.py); PostgreSQL searches
the articles themselves, so nothing happens there."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from guidance import fts

    Article = apps.get_model("guidance", "Article")
    with schema_editor.connection.cursor() as cursor:
        fts.create(cursor)
        for article in Article.objects.prefetch_related("areas"):
            fts.write(cursor, article.pk, fts.article_document(article))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from guidance import fts

        with schema_editor.connection.cursor() as cursor:
            cursor.execute(fts.DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0003_content_language"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
