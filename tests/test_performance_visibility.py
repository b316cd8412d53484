"""``Performance.objects.visible()``: the articles' publication rule, written as a join."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, ArticleStatus, IssueStatus
from events.models import Performance

from .factories import make_article, make_issue, make_performance

pytestmark = pytest.mark.django_db


def test_visible_performances_are_those_of_published_articles_and_hand_entered_ones():
    draft_issue = make_issue(status=IssueStatus.DRAFT, published_at=None)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    articles = {
        "published": make_article(),
        "draft": make_article(status=ArticleStatus.DRAFT),
        "withdrawn": make_article(status=ArticleStatus.WITHDRAWN, published_at=timezone.now()),
        "scheduled": make_article(published_at=tomorrow),
        "in a draft issue": make_article(issue=draft_issue),
        "in a scheduled issue": make_article(issue=make_issue(published_at=tomorrow)),
    }
    performances = {
        name: make_performance(article=article, date=datetime.date(2022, 9, n))
        for n, (name, article) in enumerate(articles.items(), start=1)
    }
    performances["by hand"] = make_performance(article=None, date=datetime.date(2022, 9, 20))

    visible = set(Performance.objects.visible())

    assert visible == {performances["published"], performances["by hand"]}
    as_subquery = Q(article__isnull=True) | Q(article__in=Article.objects.published())
    assert visible == set(Performance.objects.filter(as_subquery))
