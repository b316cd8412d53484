from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Theatre programme")

    def ready(self):
        from articles.parts import EVERY_ARTICLE, shown_in_list, shown_in_part

        from .models import Act, ActPerformer, Performance, Performer, Piece, Programme

        # The programme box of the articles that printed a bill (events.announcements).
        shown_in_part(Performance, "performances")
        shown_in_part(Act, "performances__acts")
        shown_in_part(ActPerformer, "performances__acts__credits")
        shown_in_part(Piece, "performances__acts__piece")
        shown_in_part(Performer, "performances__acts__performers")
        shown_in_part(Programme, "performances__programme")
        # The evenings of the programme's pages and the home page's: lists that show what
        # any article announces.
        for model in (Programme, Performance, Act, ActPerformer, Piece, Performer):
            shown_in_list(model, EVERY_ARTICLE)
