from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
        from .caching import connect_invalidation
        from .people import name_members_by_name

        connect_invalidation()
        name_members_by_name()
