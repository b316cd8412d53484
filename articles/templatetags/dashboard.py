"""The newsroom's front page in the admin (``articles.dashboard``), above the list of models."""

from django import template

from articles.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/articles/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    return dashboard(context["request"].user)


@register.filter
def person(user) -> str:
    """A member's name as Chinese writes it, family name first and no space between (詹长松,
    where Django's full name gives "长松 詹"); the login when the account has no name."""
    return f"{user.last_name}{user.first_name}".strip() or user.username
