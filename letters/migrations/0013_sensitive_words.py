from django.db import migrations, models


class Migration(migrations.Migration):
    """Admin-managed sensitive words; letters that contain one are flagged for review."""

    dependencies = [("letters", "0012_pii_encryption")]

    operations = [
        migrations.CreateModel(
            name="SensitiveWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=50, unique=True, verbose_name="敏感词")),
                ("category", models.CharField(blank=True, max_length=50, verbose_name="类别")),
                ("active", models.BooleanField(default=True, verbose_name="启用")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="添加时间"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
            ],
            options={
                "verbose_name": "敏感词",
                "verbose_name_plural": "敏感词",
                "ordering": ["category", "word"],
            },
        ),
        migrations.AddField(
            model_name="letter",
            name="sensitive_flagged",
            field=models.BooleanField(default=False, verbose_name="敏感词待复核"),
        ),
        migrations.AddField(
            model_name="letter",
            name="sensitive_hits",
            field=models.JSONField(blank=True, default=list, verbose_name="命中敏感词"),
        ),
        migrations.AddIndex(
            model_name="letter",
            index=models.Index(
                condition=models.Q(("sensitive_flagged", True)),
                fields=["-received_at"],
                name="letter_sensitive_flagged",
            ),
        ),
    ]
