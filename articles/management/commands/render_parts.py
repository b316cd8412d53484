"""``render_parts``: after a deployment, render the article and issue parts the new release has
none of.

A part is kept per release of the site (``newsroom.release``): a deployment leaves every
article and issue without one, and each first reader would wait for its rendering. This
renders them beforehand, newest first (the articles most read), with the issues of those
articles, and forgets those of earlier releases. Readers are served meanwhile: a page not
reached yet is rendered when it is read.
"""

from articles.models import Article, ArticlePart, Issue, IssuePart
from articles.parts import render_parts
from newsroom.management.operational import OperationalCommand
from newsroom.release import release


class Command(OperationalCommand):
    written_if_stopped = "the newest pages' parts rendered, the rest are rendered when read"
    help = (
        "Render the article and issue pages' parts this release of the site has not rendered yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--newest",
            type=int,
            metavar="N",
            help="only the N newest articles and their issues (the archive's older ones are "
            "rendered when read)",
        )

    def handle(self, *args, newest=None, **options):
        forgotten = sum(
            model.objects.exclude(release=release()).delete()[0]
            for model in (ArticlePart, IssuePart)
        )
        articles = Article.objects.readable().order_by("-published_at", "-pk")
        if newest is not None:
            articles = Article.objects.filter(
                pk__in=list(articles[:newest].values_list("pk", flat=True))
            )
        rendered = render_parts(articles)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{rendered[Article]} article parts and {rendered[Issue]} issue parts "
                    f"rendered; {forgotten} of earlier releases forgotten."
                )
            )
