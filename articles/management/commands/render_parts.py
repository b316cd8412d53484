"""``render_parts``: after a deployment, render the article and issue parts the new release has
none of.

A part is kept per release of the site (``newsroom.release``): a deployment leaves every
article and issue without one, and each first reader would wait for its rendering. This
renders them beforehand, newest first (the articles most read), with the issues of those
articles, and forgets those of earlier releases. Readers are served meanwhile: a page not
reached yet is rendered when it is read. ``--shard I/N`` renders the I-th of N shares (by
issue, so that no two write one issue's part), for N processes side by side, one per core.
"""

import argparse

from django.db.models import F

from articles.models import Article, ArticlePart, Issue, IssuePart, ListPart
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
        parser.add_argument(
            "--shard",
            type=shard,
            metavar="I/N",
            help="only the I-th of N shares, by issue (0 ≤ I < N): run N of these side by "
            "side, one per core",
        )

    def handle(self, *args, newest=None, shard=None, **options):
        forgotten = sum(
            model.objects.exclude(release=release()).delete()[0]
            for model in (ArticlePart, IssuePart, ListPart)
        )
        articles = Article.objects.readable().order_by("-published_at", "-pk")
        if newest is not None:
            articles = Article.objects.filter(
                pk__in=list(articles[:newest].values_list("pk", flat=True))
            )
        if shard is not None:
            index, count = shard
            articles = articles.alias(share=F("issue") % count).filter(share=index)
        rendered = render_parts(articles)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{rendered[Article]} article parts and {rendered[Issue]} issue parts "
                    f"rendered; {forgotten} of earlier releases forgotten."
                )
            )


def shard(text: str) -> tuple[int, int]:
    """``I/N`` as (I, N), with 0 ≤ I < N."""
    index, _slash, count = text.partition("/")
    try:
        index, count = int(index), int(count)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not I/N: {text}") from None
    if not 0 <= index < count:
        raise argparse.ArgumentTypeError(f"I must be at least 0 and less than N: {text}")
    return index, count
