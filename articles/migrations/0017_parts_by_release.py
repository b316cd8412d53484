from django.db import migrations, models


def forget_parts(apps, schema_editor):
    """Parts are derived: those rendered per request host are simply rendered again."""
    apps.get_model("articles", "ArticlePart").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_article_parts"),
    ]

    operations = [
        migrations.RunPython(forget_parts, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="articlepart",
            name="one_part_per_language_and_origin",
        ),
        migrations.RemoveField(
            model_name="articlepart",
            name="origin",
        ),
        migrations.AddField(
            model_name="articlepart",
            name="release",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="articlepart",
            constraint=models.UniqueConstraint(
                fields=("article", "language", "release"),
                name="one_part_per_language_and_release",
            ),
        ),
    ]
