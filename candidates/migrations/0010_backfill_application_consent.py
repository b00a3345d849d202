"""Applications made before each kept its own consent: the best record of theirs is the
candidate's, which the latest application used to overwrite."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Application = apps.get_model("candidates", "Application")
    Candidate = apps.get_model("candidates", "Candidate")
    person = Candidate.objects.filter(pk=OuterRef("candidate_id"))
    Application.objects.filter(consent_at__isnull=True).update(
        consent_at=Subquery(person.values("consent_at")[:1]),
        consent_version=Subquery(person.values("consent_version")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0009_one_line_fields")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
