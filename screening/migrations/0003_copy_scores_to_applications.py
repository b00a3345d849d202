from django.db import migrations


class Migration(migrations.Migration):
    """The list's score sort reads Application.sort_score; copy the scores there are."""

    dependencies = [
        ("screening", "0002_fit_score_reads_roles"),
        ("candidates", "0012_list_sort_keys"),
    ]

    operations = [
        migrations.RunSQL(
            """
            UPDATE candidates_application AS a SET sort_score = f.score
            FROM screening_fitscore AS f WHERE f.application_id = a.id
            """,
            migrations.RunSQL.noop,
        ),
    ]
