"""In a real Chromium: hostile text runs nowhere, and no page breaks its own policy.

Every vector of ``tests/xss_vectors.py`` goes into every field an editor fills and through
the importer; then the reader pages are opened and watched for a dialog, a console message
carrying a vector's marker, a request to another host (the ``page`` fixture) and a
Content-Security-Policy violation. The vectors' text must still be there, as text.
"""

import datetime
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article, Author, Byline, Column, Issue, Section, Series
from events.models import Act, Performance, Performer, Piece, Programme

from ..factories import make_issue
from ..xss_vectors import MARKER, VECTORS

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 42"
SVG_AS_JPEG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("XSS-svg")</script></svg>'
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP-VIOLATION ${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Watch:
    """What a page did that it must not: dialogs, markers in the console, CSP violations."""

    def __init__(self, page):
        self.dialogs, self.markers, self.violations = [], [], []
        page.add_init_script(WATCH_CSP)
        page.on("dialog", self.on_dialog)
        page.on("console", self.on_console)

    def on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(self, message):
        if MARKER in message.text:
            self.markers.append(message.text)
        if "CSP-VIOLATION" in message.text or "Content Security Policy" in message.text:
            self.violations.append(message.text)


def visit(page, url) -> str:
    """Open ``url``, insist on a page (not an error), and give back its visible text."""
    response = page.goto(url)
    assert response.status < 400, f"{url}: {response.status}"
    return page.locator("body").inner_text()


@pytest.fixture
def hostile_paper(seeded):
    """An issue whose every editor-filled field is a vector, one article per vector."""
    issue = make_issue(date=datetime.date(2022, 9, 1))
    section = Section.objects.create(name=VECTORS[0], description=VECTORS[1], position=9)
    programme = Programme.objects.create(
        name=VECTORS[2], organiser=VECTORS[3], operator=VECTORS[4], address=VECTORS[5]
    )
    performance = Performance.objects.create(programme=programme, date=issue.date)
    for n, vector in enumerate(VECTORS, start=1):
        author = Author.objects.create(name=vector, bio=vector)
        article = Article.objects.create(
            issue=issue,
            section=section,
            position=n,
            column=Column.objects.create(name=vector, description=vector),
            series=Series.objects.create(name=vector),
            series_number=n,
            title=vector,
            subtitles=f"{vector}\n副题{n}",
            dateline=vector,
            body=f"<p>{vector}</p><p>安全正文{n}</p>",
            photo=f"photos/hostile-{n}.jpg",  # no file: the page shows its name as it is
            photo_alt=vector,
            photo_caption=vector,
            photographer=author,
            photo_credit=vector,
            status=issue.status,
            published_at=issue.published_at,
        )
        Byline.objects.create(article=article, author=author, role=Byline.Role.REPORTER)
        act = Act.objects.create(
            performance=performance,
            order=n,
            piece=Piece.objects.create(form=vector, title=vector),
        )
        act.set_performers([Performer.objects.create(name=vector)])
    return issue


def imported_hostile_issue(tmp_path) -> Issue:
    """A printed issue whose headlines, subtitles, bylines, text and programme are vectors."""
    lines = []
    for vector in VECTORS:
        lines += [f"# {vector}", "", f"## {vector}", "", f"□ {vector}", "", f"{vector}。", ""]
    lines += ["# 解放小剧场节目单", "", "节目预告。", "", "- 9月5日节目单"]
    lines += [f"- ▶{vector.replace(' ', '')}《{vector}》 {vector}" for vector in VECTORS]
    source = tmp_path / "hostile.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_issue", str(source), "--date", "2022-09-02", stdout=StringIO())
    return Issue.objects.get(date=datetime.date(2022, 9, 2))


def test_hostile_text_in_every_field_runs_nowhere_and_stays_readable(
    page, live_server, hostile_paper
):
    watch = Watch(page)
    url = live_server.url
    issue_page = hostile_paper.get_absolute_url()
    for path in ("/", issue_page, "/issues/", "/theatre/"):
        visit(page, url + path)

    text = visit(page, url + issue_page)
    for vector in VECTORS:
        assert vector in text  # every headline, as printed: escaped, not interpreted

    articles = Article.objects.filter(issue=hostile_paper).select_related(
        "column", "series", "section"
    )
    for n, article in enumerate(articles, start=1):
        text = visit(page, url + article.get_absolute_url())
        assert article.title in text
        assert f"安全正文{n}" in text
    for article in articles[:3]:
        for related in (article.column, article.series, article.section):
            assert article.title in visit(page, url + related.get_absolute_url())
    for author in Author.objects.filter(name__in=VECTORS):
        assert author.bio in visit(page, url + author.get_absolute_url())

    performance = Performance.objects.get(date=hostile_paper.date)
    assert performance.programme.address in visit(page, url + performance.get_absolute_url())
    visit(page, url + performance.programme.get_absolute_url())
    for performer in Performer.objects.filter(name__in=VECTORS[:5]):
        visit(page, url + performer.get_absolute_url())
    for piece in Piece.objects.filter(form__in=VECTORS[:5]):
        visit(page, url + piece.get_absolute_url())

    assert not watch.dialogs and not watch.markers, (watch.dialogs, watch.markers)


def test_hostile_search_queries_run_nowhere(page, live_server, hostile_paper):
    watch = Watch(page)
    for vector in VECTORS:
        visit(page, f"{live_server.url}/search/?{urlencode({'q': vector})}")
        expect(page.locator("#id_q")).to_have_value(vector)
    assert not watch.dialogs and not watch.markers, (watch.dialogs, watch.markers)


def test_an_imported_hostile_issue_runs_nowhere_and_stays_readable(
    page, live_server, seeded, tmp_path
):
    issue = imported_hostile_issue(tmp_path)
    watch = Watch(page)
    text = visit(page, live_server.url + issue.get_absolute_url())
    for vector in VECTORS:
        assert vector in text
    for article in issue.articles.all()[:5]:  # the issue page printed them all already
        visit(page, live_server.url + article.get_absolute_url())
    for performance in Performance.objects.filter(date=datetime.date(2022, 9, 5)):
        visit(page, live_server.url + performance.get_absolute_url())
    assert not watch.dialogs and not watch.markers, (watch.dialogs, watch.markers)


def test_the_watch_sees_a_dialog_and_the_policy_blocks_injected_inline_script(
    page, live_server, seeded
):
    """The control: were a vector ever to run, these tests would notice."""
    watch = Watch(page)
    visit(page, live_server.url)
    page.evaluate("alert('XSS-control')")  # Playwright's own evaluation is not page script
    page.evaluate(
        """const script = document.createElement("script");
        script.textContent = "console.log('XSS-injected')";
        document.body.append(script);"""
    )
    page.wait_for_timeout(200)
    assert watch.dialogs == ["XSS-control"]
    assert not watch.markers  # the inline script was refused ...
    assert any("script-src" in violation for violation in watch.violations)  # ... and reported


def test_reader_pages_keep_to_the_strict_policy(page, live_server, seeded):
    watch = Watch(page)
    article = Article.objects.get(position=1)
    for path in (
        "/",
        article.get_absolute_url(),  # with its JSON-LD block and the QR code's inline SVG
        "/issues/",
        "/theatre/",
        Performance.objects.first().get_absolute_url(),
        "/search/?q=解放区",
        article.bylines.first().author.get_absolute_url(),
    ):
        visit(page, live_server.url + path)
    assert not watch.violations, watch.violations


def test_admin_with_ckeditor_and_the_api_docs_keep_to_their_policies(page, live_server, seeded):
    get_user_model().objects.create_superuser("chief", password=PASSWORD)
    watch = Watch(page)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    article = Article.objects.get(position=1)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".cke_wysiwyg_frame")).to_be_visible()
    page.locator(".cke_button__image").click()  # the dialog with the upload tab
    expect(page.locator(".cke_dialog_title")).to_be_visible()
    page.locator(".cke_dialog_tab", has_text="上传").click()
    upload_form = page.frame_locator("iframe.cke_dialog_ui_input_file")
    upload_form.locator("input[type=file]").set_input_files(
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": SVG_AS_JPEG}
    )
    with page.expect_event("dialog") as refusal:
        page.locator(".cke_dialog_ui_fileButton").click()
    assert "WebP" in refusal.value.message  # the one-line refusal, shown by CKEditor
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    assert not watch.violations, watch.violations
