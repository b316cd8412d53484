"""Small builders for test data: each makes a valid row and takes overrides."""

import datetime
import itertools

from django.contrib.auth.models import Group, Permission, User

from articles.models import (
    Article,
    ArticleStatus,
    Author,
    Byline,
    Issue,
    IssueStatus,
    Section,
    publication_time,
)
from events.models import Act, Performance, Performer, Piece, Programme

PASSWORD = "a long test password 42"  # every user the tests make logs in with it
_numbers = itertools.count(1)
_days = itertools.count(1)  # default dates: days after 2022-08-25 (issues), 2022-09-03 (shows)


def restart_numbering() -> None:
    """Number every test's rows and dates from 1, so dates stay in 2022, long past."""
    global _numbers, _days
    _numbers, _days = itertools.count(1), itertools.count(1)


def make_issue(**overrides) -> Issue:
    date = overrides.pop("date", datetime.date(2022, 8, 25) + datetime.timedelta(next(_days)))
    status = overrides.pop("status", IssueStatus.PUBLISHED)
    values = {
        "date": date,
        "status": status,
        "published_at": publication_time(date) if status == IssueStatus.PUBLISHED else None,
        **overrides,
    }
    return Issue.objects.create(**values)


def make_article(**overrides) -> Article:
    issue = overrides.pop("issue", None) or make_issue()
    status = overrides.pop("status", ArticleStatus.PUBLISHED)
    n = next(_numbers)
    values = {
        "issue": issue,
        "section": Section.objects.get(slug=overrides.pop("section_slug", "community-news")),
        "position": n,
        "title": f"测试文章{n}",
        "body": f"<p>正文第{n}段。</p>",
        "status": status,
        "published_at": publication_time(issue.date) if status == ArticleStatus.PUBLISHED else None,
        **overrides,
    }
    return Article.objects.create(**values)


def make_author(name: str | None = None, **overrides) -> Author:
    return Author.objects.create(name=name or f"作者{next(_numbers)}", **overrides)


def add_byline(article: Article, author: Author, role=Byline.Role.REPORTER, order=1) -> Byline:
    return Byline.objects.create(article=article, author=author, role=role, order=order)


def make_performance(*, acts=(("相声", "学小曲", ("展奇", "杨森")),), **overrides) -> Performance:
    values = {
        "programme": Programme.objects.get(name="解放小剧场"),
        "date": datetime.date(2022, 9, 3) + datetime.timedelta(next(_days)),
        **overrides,
    }
    performance = Performance.objects.create(**values)
    for order, (form, title, names) in enumerate(acts, start=1):
        piece, _created = Piece.objects.get_or_create_printed(form, title)
        act = Act.objects.create(performance=performance, order=order, piece=piece)
        act.set_performers(
            Performer.objects.filter(name=name).first() or Performer.objects.create(name=name)
            for name in names
        )
    return performance


def make_staff_user(*permissions: str, username: str = "") -> User:
    """A staff user (not a superuser) with ``permissions`` such as "events.add_performer"."""
    user = User.objects.create_user(
        username or f"editor{next(_numbers)}", password=PASSWORD, is_staff=True
    )
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_member(group: str, username: str = "") -> User:
    """A staff user in one of the newsroom's groups: 记者, 编辑 or 总编辑."""
    user = User.objects.create_user(
        username or f"member{next(_numbers)}", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user
