from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from .parts import connect_part_upkeep
        from .search_index import connect_search_upkeep

        connect_search_upkeep()
        connect_part_upkeep()
