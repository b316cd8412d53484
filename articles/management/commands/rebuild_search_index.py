"""``rebuild_search_index``: segment every article again and store the words that changed.

Needed after a change to how text is segmented (a newer rjieba or its dictionary) or after
articles were written by code that does not refresh them; the import and the admin do.
"""

from articles.models import Article
from articles.search_index import refresh_search_text
from newsroom.caching import new_content_version
from newsroom.management.operational import OperationalCommand


class Command(OperationalCommand):
    written_if_stopped = "some articles' search words refreshed, the rest unchanged: run it again"
    help = "Re-segment every article's headline, bylines and body for reader search."

    def handle(self, *args, **options):
        articles = Article.objects.all()
        changed = refresh_search_text(articles)
        if changed:
            new_content_version()  # searches find other articles now; no save said so
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search words checked for {articles.count()} articles; {changed} changed."
                )
            )
