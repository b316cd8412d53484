"""The newsroom's three roles as groups, each with the least it needs (the source of truth:
``ensure_editor`` only puts a login in 编辑)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = "记者"
EDITOR = "编辑"
CHIEF_EDITOR = "总编辑"

# Writes and submits their own drafts; sees what a draft refers to.
REPORTER_PERMISSIONS = {
    "articles": [
        "add_article", "change_article", "view_article", "submit_article",
        "add_byline", "change_byline", "delete_byline", "view_byline",
        "view_issue", "view_section", "view_column", "view_series", "view_author",
    ],
}
# Edits every article, approves, publishes, corrects; keeps the theatre programme.
EDITOR_PERMISSIONS = {
    "articles": [
        *REPORTER_PERMISSIONS["articles"],
        "edit_any_article", "approve_article", "publish_article",
        "add_issue", "change_issue",
        "add_column", "change_column", "add_series", "change_series",
        "add_author", "change_author",
    ],
    "events": [
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("programme", "performance", "act", "actperformer", "piece", "performer")
    ],
}
# Publishes whole issues, withdraws, manages users and sections.
CHIEF_EDITOR_PERMISSIONS = {
    "articles": [
        *EDITOR_PERMISSIONS["articles"],
        "publish_issue", "withdraw_article", "delete_article", "delete_issue",
        "add_section", "change_section", "delete_section",
        "delete_column", "delete_series", "delete_author",
    ],
    "events": EDITOR_PERMISSIONS["events"],
    "auth": ["add_user", "change_user", "delete_user", "view_user", "view_group"],
}
GROUPS = {
    REPORTER: REPORTER_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
    CHIEF_EDITOR: CHIEF_EDITOR_PERMISSIONS,
}


def create(apps, schema_editor):
    # Permissions are made after migrating; these groups need them now. create_permissions
    # skips an app without a models module, which historical app configs never have.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codenames in by_app.items()
            for codename in codenames
        ]
        group.permissions.set(wanted)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_workflow_states"),
        ("events", "0003_pieces"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]
