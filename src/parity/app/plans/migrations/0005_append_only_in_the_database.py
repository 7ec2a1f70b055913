"""Progress updates, staff-network responses and manual values are append-only in the database:
triggers refuse UPDATE and DELETE (append_only). Their authors are protected rather than set to
NULL when a user is deleted: users are deactivated, never deleted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from parity.app import append_only

TABLES = ("plans_progressupdate", "plans_networkresponse", "plans_manualvalue")


def protect(apps, schema_editor):
    for table in TABLES:
        append_only.protect(schema_editor.connection, table)


def lift(apps, schema_editor):
    for table in TABLES:
        append_only.lift(schema_editor.connection, table)


def author():
    return models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to=settings.AUTH_USER_MODEL)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0004_planmeasure_grouping"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(model_name="progressupdate", name="author", field=author()),
        migrations.AlterField(model_name="networkresponse", name="author", field=author()),
        migrations.AlterField(model_name="manualvalue", name="author", field=author()),
        migrations.RunPython(protect, lift),
    ]
