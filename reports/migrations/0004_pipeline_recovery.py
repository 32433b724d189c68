# Issue #19: upload order (received_at) decides the current version; a transactional outbox for
# tasks written while the broker is down.

import django.utils.timezone
from django.db import migrations, models


def received_when_created(apps, schema_editor):
    ReportVersion = apps.get_model("gxnb_portal", "ReportVersion")
    ReportVersion.objects.update(received_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("gxnb_portal", "0003_import_batches"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportversion",
            name="received_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="收到时间"),
        ),
        migrations.RunPython(received_when_created, migrations.RunPython.noop),
        migrations.CreateModel(
            name="TaskOutbox",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("task", models.CharField(max_length=100, verbose_name="任务")),
                ("args", models.JSONField(blank=True, default=list, verbose_name="参数")),
                ("kwargs", models.JSONField(blank=True, default=dict, verbose_name="关键字参数")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="创建时间"),
                ),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="发送次数")),
                ("last_error", models.TextField(blank=True, verbose_name="最近错误")),
            ],
            options={
                "verbose_name": "待发送任务",
                "verbose_name_plural": "待发送任务",
                "ordering": ("pk",),
            },
        ),
    ]
