"""The newsroom's front page in the admin (``articles.dashboard``), above the list of models."""

from django import template

from articles.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/articles/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    return dashboard(context["request"].user)
