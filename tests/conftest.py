import datetime
from collections import Counter
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles.models import (
    Article,
    ArticleStatus,
    Byline,
    Column,
    IssueStatus,
    Series,
    publication_time,
)
from newsroom import caching
from newsroom.shared_cache import SharedCache

from .factories import (
    add_byline,
    make_article,
    make_author,
    make_issue,
    make_member,
    make_performance,
    restart_numbering,
)
from .helpers import ROLES, future
from .seed_expectations import SEED, SEED_LEAD


@pytest.fixture(autouse=True)
def numbered_from_one():
    restart_numbering()


@pytest.fixture(autouse=True)
def fresh_shared_cache(monkeypatch):
    """Each test starts with a shared cache that has seen no error, nothing counted and no
    page kept by the process (which another test's database rendered), and an empty cache:
    another test's notes (who has which article open) name another test's rows."""
    cache.clear()
    monkeypatch.setattr(caching, "shared_cache", SharedCache(caching.CONTENT_VERSION_KEY))
    monkeypatch.setattr(caching, "counts", Counter())
    caching.process_pages.pages.clear()
    caching.process_pages.stamps_read.clear()
    caching.process_pages.forget_version()


@pytest.fixture
def reader_cache(settings):
    """Pages cached as in production, in an empty shared cache."""
    settings.READER_CACHE_SECONDS = 60
    cache.clear()
    caching.process_pages.forget_version()
    yield
    cache.clear()


@pytest.fixture
def page_cache(imported_seed, reader_cache):
    """The seed issue, with pages cached as in production."""


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Tests make hundreds of staff users: PBKDF2's deliberate slowness would be most of
    their time. Logins and password checks work the same with a quick hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def imported_seed(db):
    """The seed page imported as the issue of 2022-08-25, as `make run` does."""
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())


DATA_MIGRATIONS = (
    "articles.migrations.0002_sections_and_columns",
    "events.migrations.0002_jiefang_theatre",
    "articles.migrations.0006_newsroom_groups",
    "articles.migrations.0010_corrections",
)


@pytest.fixture
def lead(imported_seed):
    """The seed page's lead story."""
    return Article.objects.get(title=SEED_LEAD)


@pytest.fixture
def migration_data(transactional_db):
    """The rows the data migrations made (sections, the theatre, the groups) made again.

    A transactional test ends by emptying every table, so the next one starts without them.
    """
    for migration in DATA_MIGRATIONS:
        import_module(migration).create(apps, schema_editor=None)


@pytest.fixture
def now(monkeypatch) -> datetime.datetime:
    """The moment every query of the test takes for now: the clock stands still, so "due
    now" and "one second later" mean the same in the test and in the queries it runs."""
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def media(settings, tmp_path, db):
    """Uploaded files go to the test's own folder, which is returned."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def english(admin_client):
    """The superuser's admin in English, so tests read the messages' msgids."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


@pytest.fixture
def members(db):
    """One staff user in each of the newsroom's groups, by group name."""
    return {role: make_member(role) for role in ROLES}


@pytest.fixture
def front_page(db):
    """The paper as readers find it, with every way of not being visible yet beside it.

    Readers see the issue of 2022-08-25 (No. 1234): the ``lead`` (subtitles, dateline, a
    reporter and two correspondents, the first of them ``reporter`` 詹长松), a
    ``commentary`` numbered 4 in its ``series`` under a pen name, a ``brief`` in the column
    基层动态 and a ``programme`` announcing a ``performance`` (2022-09-03 19:30, four acts);
    and the ``older`` issue of 2022-08-18 (No. 1233) with ``earlier``, also by 詹长松.

    Readers do not see: the ``draft`` at position 4 (signed by 只写草稿的人 alone), the
    article ``due_later`` (tomorrow), the ``draft_issue`` of 2022-09-01 with the article
    ``in_draft_issue`` (due, and first of a series of its own), and the ``future_issue`` of
    2022-09-08, due tomorrow.
    """
    older = make_issue(date=datetime.date(2022, 8, 18), number=1233)
    earlier = make_article(issue=older, position=1, title="上一期的头条")
    reporter = make_author("詹长松")
    add_byline(earlier, reporter)
    issue = make_issue(date=datetime.date(2022, 8, 25), number=1234)
    lead = make_article(
        issue=issue,
        position=1,
        title="解放区以企招商“云推介”暨项目签约仪式举行",
        subtitles="签约项目68个,总投资118亿元\n坚定两个依靠 闯出焦作新路",
        dateline="本报讯",
        body="<p>8月23日上午,签约仪式在<strong>焦作市5G产业园</strong>举行。</p><p>第二段。</p>",
    )
    add_byline(lead, reporter, Byline.Role.REPORTER, 1)
    add_byline(lead, make_author("王孟阳"), Byline.Role.CORRESPONDENT, 2)
    add_byline(lead, make_author("李秀娟"), Byline.Role.CORRESPONDENT, 3)
    series = Series.objects.create(name="解放区优化营商环境系列评论")
    commentary = make_article(
        issue=issue,
        position=2,
        section_slug="commentary",
        kind=Article.Kind.COMMENTARY,
        title="转变作风 优化环境",
        series=series,
        series_number=4,
    )
    add_byline(commentary, make_author("强声", is_pen_name=True), Byline.Role.COMMENTATOR)
    brief = make_article(
        issue=issue,
        position=3,
        title="解放区审计局 强化专题业务培训",
        column=Column.objects.get(name="基层动态"),
    )
    draft = make_article(
        issue=issue, position=4, title="暂不发表的稿件", status=ArticleStatus.DRAFT
    )
    add_byline(draft, make_author("只写草稿的人"))
    programme = make_article(
        issue=issue,
        position=5,
        section_slug="theatre",
        kind=Article.Kind.PROGRAMME,
        title="“解放小剧场” 场场都精彩",
    )
    performance = make_performance(
        article=programme,
        date=datetime.date(2022, 9, 3),
        time=datetime.time(19, 30),
        acts=[
            ("快板书联唱", "", ["丁艺"]),
            ("相声", "学小曲", ["展奇", "杨森"]),
            ("相声", "对坐数来宝", ["龙龙", "张鑫"]),
            ("大返场", "", []),
        ],
    )
    due_later = make_article(issue=issue, position=6, title="明天才发表", published_at=future())
    draft_issue = make_issue(date=datetime.date(2022, 9, 1), status=IssueStatus.DRAFT)
    in_draft_issue = make_article(
        issue=draft_issue,
        title="未出版一期的稿件",
        published_at=publication_time(draft_issue.date),
        series=Series.objects.create(name="尚未开始的系列"),
        series_number=1,
    )
    future_issue = make_issue(date=datetime.date(2022, 9, 8), published_at=future())
    return {
        "older": older,
        "earlier": earlier,
        "issue": issue,
        "lead": lead,
        "reporter": reporter,
        "commentary": commentary,
        "series": series,
        "brief": brief,
        "draft": draft,
        "programme": programme,
        "performance": performance,
        "due_later": due_later,
        "draft_issue": draft_issue,
        "in_draft_issue": in_draft_issue,
        "future_issue": future_issue,
    }
