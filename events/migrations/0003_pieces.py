"""A piece (相声《学小曲》) becomes its own record, so its history across performances shows.

Clashing performances get messages an editor can act on.

Acts keep their order, but no longer under a unique constraint: editors renumber a bill by
swapping numbers, which a per-row constraint would refuse halfway through the save.
"""

import django.db.models.deletion
from django.db import migrations, models


def acts_to_pieces(apps, schema_editor):
    Act = apps.get_model("events", "Act")
    Piece = apps.get_model("events", "Piece")
    for act in Act.objects.all():
        title = act.title.strip().strip("《》").strip()
        act.piece, _created = Piece.objects.get_or_create(form=act.form.strip(), title=title)
        act.save(update_fields=["piece"])


def pieces_to_acts(apps, schema_editor):
    Act = apps.get_model("events", "Act")
    for act in Act.objects.select_related("piece"):
        act.form, act.title = act.piece.form, act.piece.title
        act.save(update_fields=["form", "title"])


class Migration(migrations.Migration):
    dependencies = [("events", "0002_jiefang_theatre")]

    operations = [
        migrations.CreateModel(
            name="Piece",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "form",
                    models.CharField(
                        help_text="E.g. 相声, 快板书联唱, 小品.", max_length=50, verbose_name="form"
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="Without the 《》 brackets.",
                        max_length=100,
                        verbose_name="title",
                    ),
                ),
            ],
            options={
                "verbose_name": "piece",
                "verbose_name_plural": "pieces",
                "ordering": ["form", "title"],
            },
        ),
        migrations.AddConstraint(
            model_name="piece",
            constraint=models.UniqueConstraint(fields=("form", "title"), name="unique_piece"),
        ),
        migrations.AddField(
            model_name="act",
            name="piece",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="acts",
                to="events.piece",
                verbose_name="piece",
            ),
        ),
        migrations.RunPython(acts_to_pieces, pieces_to_acts),
        migrations.AlterField(
            model_name="act",
            name="piece",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="acts",
                to="events.piece",
                verbose_name="piece",
            ),
        ),
        # Defaults only so that going back can re-add the columns to existing rows.
        migrations.AlterField(
            model_name="act", name="form", field=models.CharField(default="", max_length=50)
        ),
        migrations.AlterField(
            model_name="act",
            name="title",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.RemoveField(model_name="act", name="form"),
        migrations.RemoveField(model_name="act", name="title"),
        migrations.RemoveConstraint(model_name="act", name="unique_act_order"),
        migrations.AlterModelOptions(
            name="act",
            options={
                "ordering": ["performance", "order", "pk"],
                "verbose_name": "act",
                "verbose_name_plural": "acts",
            },
        ),
        migrations.AddIndex(
            model_name="act",
            index=models.Index(fields=["performance", "order"], name="act_order"),
        ),
        migrations.AlterConstraint(
            model_name="performance",
            name="unique_performance_time",
            constraint=models.UniqueConstraint(
                condition=models.Q(("time__isnull", False)),
                fields=("programme", "date", "time"),
                name="unique_performance_time",
                violation_error_message="This programme already has a performance on that date at that time.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="performance",
            name="unique_performance_untimed",
            constraint=models.UniqueConstraint(
                condition=models.Q(("time__isnull", True)),
                fields=("programme", "date"),
                name="unique_performance_untimed",
                violation_error_message="This programme already has a performance on that date with no time given.",
            ),
        ),
    ]
