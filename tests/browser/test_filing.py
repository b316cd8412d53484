"""Filing in Chromium: a reporter files a story with a photo from the admin's front page in
at most 15 actions, without deciding where it goes (the pool); an editor places it in
tomorrow's issue, and the chief editor publishes the issue at a time picked, after which,
and not before, readers find the story."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, ArticleStatus, Byline, IssueStatus

from ..factories import make_article, make_author, make_issue, make_member
from ..helpers import CHIEF, EDITOR, REPORTER, camera_jpeg, sign_in
from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "社区食堂开张 老人吃上热乎饭"


class Counted:
    """The page, counting each thing the user does (a click, a field filled, a file or an
    option chosen); reading the page is not one."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def click(self, locator):
        self.actions += 1
        locator.click()

    def fill(self, locator, text):
        self.actions += 1
        locator.fill(text)

    def choose(self, locator, label):
        self.actions += 1
        locator.select_option(label=label)

    def upload(self, locator, path):
        self.actions += 1
        locator.set_input_files(str(path))


@pytest.fixture
def newsroom(migration_data, media):
    people = {
        role: make_member(role, username=name)
        for role, name in ((REPORTER, "reporter"), (EDITOR, "editor"), (CHIEF, "chief"))
    }
    make_author("詹长松", account=people[REPORTER])
    return people


def test_a_reporter_files_a_story_with_a_photo_in_fifteen_actions(
    page, live_server, newsroom, tmp_path
):
    photo = tmp_path / "食堂.jpg"
    photo.write_bytes(camera_jpeg().read())
    sign_in(page, live_server, "reporter")
    user = Counted(page)

    user.click(page.locator('a.addlink[href$="/articles/article/add/"]'))
    user.fill(page.locator("#id_title"), HEADLINE)
    user.choose(page.locator("#id_section"), "社区新闻")
    body = page.frame_locator(".cke_wysiwyg_frame").locator("body")
    user.fill(body, "本报讯 社区食堂昨天开张，八十岁的王大爷第一个吃上了热乎饭。")
    user.upload(page.locator("#id_photo"), photo)
    user.fill(page.locator("#id_photo_alt"), "老人们在社区食堂排队打饭")
    user.fill(page.locator("#id_photo_caption"), "社区食堂开张当天")
    user.click(page.locator("input[name=_continue]"))
    expect(page.locator("ul.messagelist")).to_contain_text(HEADLINE)
    user.click(page.get_by_role("button", name="提交审核"))
    expect(page.locator("ul.messagelist")).to_contain_text("提交审核")

    assert user.actions <= 15, user.actions
    article = Article.objects.get(title=HEADLINE)
    assert (article.issue, article.position, article.status) == (
        None,
        None,
        ArticleStatus.SUBMITTED,
    )
    assert article.photo and article.photo_alt and "王大爷" in article.body
    byline = article.bylines.get()
    assert (byline.author.name, byline.role) == ("詹长松", Byline.Role.REPORTER)
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#panel-my-submitted")).to_contain_text(HEADLINE)
    expect(page.locator("#panel-my-submitted")).to_contain_text("稿库")


def test_tomorrows_issue_published_at_a_picked_time_appears_then(
    page, live_server, newsroom, monkeypatch
):
    """An editor places the approved story from the pool in tomorrow's issue; the chief
    editor publishes the issue at 05:30 from the list; readers find it at 05:30, not at
    05:29."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    issue = make_issue(date=tomorrow, status=IssueStatus.DRAFT)
    make_article(issue=issue, position=1, status=ArticleStatus.APPROVED, published_at=None)
    story = make_article(status=ArticleStatus.APPROVED, title=HEADLINE, published_at=None)
    story.issue = story.position = None
    story.save()

    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/articles/issue/{issue.pk}/change/")
    pool = page.get_by_label(HEADLINE, exact=False)
    pool.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "pool-on-the-issue-form.png")
    pool.check()
    page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("已从稿库编入本期")
    story.refresh_from_db()
    assert (story.issue, story.position) == (issue, 2)

    page.context.clear_cookies()
    sign_in(page, live_server, "chief")
    page.goto(f"{live_server.url}/admin/articles/issue/")
    page.locator(f'input[name=_selected_action][value="{issue.pk}"]').check()
    page.select_option("select[name=action]", "publish_at_with_articles")
    page.locator("button[name=index]").click()
    expect(page.locator("#id_at_1")).to_have_value("06:00")
    page.screenshot(path=ARTIFACTS / "publish-at-a-chosen-time.png")
    page.fill("#id_at_1", "05:30")
    page.get_by_role("button", name="定时发布").click()
    page.get_by_role("button", name="仍然发布").click()
    expect(page.locator("#result_list")).to_contain_text("定时发布")

    at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(5, 30)))
    monkeypatch.setattr(timezone, "now", lambda: at - datetime.timedelta(minutes=1))
    page.goto(f"{live_server.url}/")
    expect(page.locator("main")).not_to_contain_text(HEADLINE)
    monkeypatch.setattr(timezone, "now", lambda: at)
    page.goto(f"{live_server.url}/")
    expect(page.locator("main")).to_contain_text(HEADLINE)
