"""The paper's three sections and its first registered column exist from the start."""

from django.db import migrations

SECTIONS = [
    ("community-news", "社区新闻", 1),
    ("commentary", "评论", 2),
    ("theatre", "小剧场", 3),
]
COLUMNS = [("jiceng-dongtai", "基层动态")]


def create(apps, schema_editor):
    Section = apps.get_model("articles", "Section")
    Column = apps.get_model("articles", "Column")
    for slug, name, position in SECTIONS:
        Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    for slug, name in COLUMNS:
        Column.objects.get_or_create(name=name, defaults={"slug": slug})


def remove(apps, schema_editor):
    apps.get_model("articles", "Section").objects.filter(slug__in=[s for s, _, _ in SECTIONS]).delete()
    apps.get_model("articles", "Column").objects.filter(name__in=[n for _, n in COLUMNS]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
