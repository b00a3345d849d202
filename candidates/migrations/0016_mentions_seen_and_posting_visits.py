import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Note.mentions gets a model of its own (to remember when a mention was seen), on the
    table Django made for the plain many-to-many: state only, then one column added (the
    mentions already there taken as seen). And the members' last visits to a posting's board
    or list."""

    dependencies = [
        ('candidates', '0015_board_manual_index'),
        ('postings', '0005_posting_event'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Mention',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mention_rows', to='candidates.note')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'candidates_note_mentions',
                        'unique_together': {('note', 'user')},
                    },
                ),
                migrations.AlterField(
                    model_name='note',
                    name='mentions',
                    field=models.ManyToManyField(blank=True, related_name='+', through='candidates.Mention', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name='mention',
            name='seen_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='seen'),
        ),
        # Mentions made before the home page listed them were each emailed: none waits now.
        migrations.RunSQL(
            "UPDATE candidates_note_mentions SET seen_at = now() WHERE seen_at IS NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='mention',
            index=models.Index(condition=models.Q(('seen_at__isnull', True)), fields=['user', 'note'], name='mention_waiting'),
        ),
        migrations.CreateModel(
            name='PostingVisit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seen_at', models.DateTimeField(verbose_name='last visit')),
                ('posting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visits', to='postings.posting')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddConstraint(
            model_name='postingvisit',
            constraint=models.UniqueConstraint(fields=('user', 'posting'), name='one_visit_per_posting'),
        ),
    ]
