"""Trigram indexes for the filters' search, where the server has pg_trgm.

`icontains` compiles to UPPER(column::text) LIKE '%word%', which no b-tree serves; GIN trigram
indexes on exactly those expressions let PostgreSQL find the few matching people instead of
reading every candidate. pg_trgm ships with PostgreSQL's contrib (Debian's and the official
images have it, and it is a trusted extension: the database's owner may create it), but not
with the embedded server of the quick start. So the extension and the indexes are made here
when they can be, and left out otherwise (the search then reads the table: fine for a
development database), which is why they are not in the model's Meta.
"""

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    "candidate_name_trgm": "name",
    "candidate_email_trgm": "email",
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:  # no right to create it: search without the indexes
            return
        for name, column in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON candidates_candidate "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0012_list_sort_keys")]

    operations = [migrations.RunPython(create, drop)]
