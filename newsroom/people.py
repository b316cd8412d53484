"""How the newsroom names its members: as Chinese writes a name, family name first and no space
between (詹长松), where Django names an account by its login and its full name "长松 詹".

Every page that names a member (the history of a version, the steps an article took, the
admin's front page) shows ``str(user)``, which is this name once ``name_members_by_name``
has run.
"""

from django.contrib.auth import get_user_model


def person_name(user) -> str:
    """The member's name, family name first; the login when the account has no name."""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def name_members_by_name() -> None:
    get_user_model().__str__ = person_name
