"""``render_parts``: after a deployment, render the article parts the new release has none of.

A part is kept per release of the site (``newsroom.release``): a deployment leaves every
article without one, and each first reader would wait for its rendering. This renders them
beforehand, newest first (the articles most read), and forgets those of earlier releases.
Readers are served meanwhile: an article not reached yet is rendered when it is read.
"""

from articles.models import Article, ArticlePart
from articles.parts import render_parts
from newsroom.management.operational import OperationalCommand
from newsroom.release import release


class Command(OperationalCommand):
    written_if_stopped = "the newest articles' parts rendered, the rest are rendered when read"
    help = "Render the article pages' parts this release of the site has not rendered yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--newest",
            type=int,
            metavar="N",
            help="only the N newest articles (the archive's older ones are rendered when read)",
        )

    def handle(self, *args, newest=None, **options):
        forgotten, _ = ArticlePart.objects.exclude(release=release()).delete()
        articles = Article.objects.readable().order_by("-published_at", "-pk")
        if newest is not None:
            articles = Article.objects.filter(
                pk__in=list(articles[:newest].values_list("pk", flat=True))
            )
        rendered = render_parts(articles)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{rendered} article parts rendered; {forgotten} of earlier releases forgotten."
                )
            )
