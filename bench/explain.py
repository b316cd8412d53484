"""EXPLAIN ANALYZE of every query the main reader pages make, on a benchmark database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_archive \
        .venv/bin/python bench/explain.py > bench/results/explain-archive.txt

Each page is requested once through Django's test client (uncached), its queries are
captured and each is explained: look for sequential scans on big tables and for the
execution times.
"""

import os
import sys
from pathlib import Path
from urllib.parse import quote

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Author  # noqa: E402


def main():
    lead = Article.objects.get(title="解放区以企招商“云推介”暨项目签约仪式举行")
    author = Author.objects.get(name="詹长松")
    pages = {
        "home": "/",
        "issue": lead.issue.get_absolute_url(),
        "article": lead.get_absolute_url(),
        "section": "/sections/community-news/",
        "author": f"/authors/{quote(author.slug)}/",
        "programme": "/theatre/",
    }
    client = Client()
    for name, url in pages.items():
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        print(f"\n=== {name} {url}: {len(captured)} queries")
        for number, query in enumerate(captured.captured_queries, start=1):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
            print(f"\n--- {name} query {number}: {query['sql'][:160]}…\n{plan}")


if __name__ == "__main__":
    main()
