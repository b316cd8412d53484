"""解放小剧场, the programme the paper prints, as its masthead names it."""

from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("events", "Programme").objects.get_or_create(
        name="解放小剧场",
        defaults={
            "slug": "jiefang-theatre",
            "organiser": "解放区融媒体中心",
            "operator": "河南汇声文化传播有限公司",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("events", "Programme").objects.filter(name="解放小剧场").delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
