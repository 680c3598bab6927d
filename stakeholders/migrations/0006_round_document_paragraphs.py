from django.db import migrations, models

BATCH = 200


def fill_paragraphs(apps, schema_editor):
    """Make the public page's paragraphs of every copy already frozen, once (as
    round_publish now does when it freezes a copy). Placeholders (not frozen) stay None."""
    from stakeholders.rounds.documents import frozen_paragraphs

    RoundDocument = apps.get_model("stakeholders", "RoundDocument")
    pending = []
    for document in (
        RoundDocument.objects.filter(frozen_at__isnull=False, paragraphs__isnull=True)
        .only("pk", "content")
        .iterator(chunk_size=BATCH)
    ):
        document.paragraphs = frozen_paragraphs(document.content)
        pending.append(document)
        if len(pending) >= BATCH:
            RoundDocument.objects.bulk_update(pending, ["paragraphs"])
            pending = []
    if pending:
        RoundDocument.objects.bulk_update(pending, ["paragraphs"])


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0005_offline_contributions"),
    ]

    operations = [
        migrations.AddField(
            model_name="rounddocument",
            name="paragraphs",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="paragraphs"),
        ),
        migrations.RunPython(fill_paragraphs, migrations.RunPython.noop, elidable=True),
    ]
