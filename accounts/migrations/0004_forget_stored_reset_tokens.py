"""Password-reset emails recorded before links were made at send time kept the live token in
their idempotency key and the whole text (the link) in their payload. Forget both; one still
waiting to go is cancelled, since its text no longer holds a link (the person asks again)."""

from django.db import migrations

FORGOTTEN = "(This password reset link was removed: ask for a new one.)"


def forget_tokens(apps, schema_editor):
    Message = apps.get_model("outbox", "Message")
    old = Message.objects.filter(
        idempotency_key__startswith="password-reset:", payload__builder="raw"
    )
    for message in old.iterator():
        args = dict(message.payload.get("args") or {})
        args["text"] = FORGOTTEN
        message.payload = {**message.payload, "args": args}
        message.idempotency_key = f"password-reset:forgotten:{message.pk}"
        fields = ["payload", "idempotency_key"]
        if message.state in ("pending", "scheduled", "sending", "failed"):
            message.state = "cancelled"
            message.last_error = FORGOTTEN
            fields += ["state", "last_error"]
        message.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_single_line_text"),
        ("outbox", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget_tokens, migrations.RunPython.noop)]
