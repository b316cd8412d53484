"""Print the reader pages the soak test visits, one path a line, from the database it runs on.

The front page and search weigh more, as they do in real traffic. Run from the project folder
with the soak's DATABASE_URL: ``.venv/bin/python bench/reader_paths.py > paths.txt``.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from urllib.parse import quote  # noqa: E402

from articles.models import Article, Author, Column, Issue, Section, Series  # noqa: E402
from events.models import Performance, Performer, Piece, Programme  # noqa: E402

SEARCHES = ["相声", "解放区", "志愿服务", "营商环境", "审计", "文明城市", "小剧场"]


def reader_paths() -> list[str]:
    paths = ["/"] * 10 + ["/issues/", "/theatre/"]
    paths += [f"/search/?q={quote(q)}" for q in SEARCHES] * 2
    for issue in Issue.objects.published():
        paths += [issue.get_absolute_url(), f"/issues/{issue.date.year}/{issue.date.month}/"]
    for model in (Article, Author, Section, Column, Series, Performance, Performer):
        paths += [row.get_absolute_url() for row in model.objects.all()]
    paths += [piece.get_absolute_url() for piece in Piece.objects.titled()]  # others: no page
    paths += [programme.get_absolute_url() for programme in Programme.objects.all()]
    return paths


if __name__ == "__main__":
    print("\n".join(reader_paths()))
