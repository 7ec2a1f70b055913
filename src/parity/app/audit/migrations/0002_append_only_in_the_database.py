"""The audit log is append-only in the database: triggers refuse UPDATE and DELETE (append_only).

Its actor is protected rather than set to NULL when a user is deleted: users are deactivated,
never deleted, and no audit row is ever rewritten.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from parity.app import append_only

TABLE = "audit_auditevent"


def protect(apps, schema_editor):
    append_only.protect(schema_editor.connection, TABLE)


def lift(apps, schema_editor):
    append_only.lift(schema_editor.connection, TABLE)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(protect, lift),
    ]
