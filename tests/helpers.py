"""Helpers several test modules share (fixtures are in conftest.py).

Plain functions and constants only; no test module imports another (see
test_suite_structure.py): what two of them need is here, in conftest.py, in factories.py,
in seed_expectations.py or, for hostile inputs, in xss_vectors.py.
"""

import dataclasses
import datetime
import html
import io
import json
import re
from urllib.parse import unquote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.paginator import Page
from django.db import connection, models
from django.db.models import Model, QuerySet
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext, ContextList
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import LazyObject, Promise
from django.utils.html import strip_tags
from PIL import ExifTags, Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from articles.models import (
    Article,
    ArticleStatus,
    Byline,
    Column,
    Issue,
    IssueStatus,
    Series,
)
from articles.parts import rows_changed, rows_changing
from articles.workflow import transition, unpublish_issue
from events.models import Programme
from newsroom.importing.issue_file import checksum, read_issue
from newsroom.importing.loader import load_issue
from newsroom.importing.plan import plan_import

from .factories import (
    PASSWORD,
    add_byline,
    make_article,
    make_author,
    make_issue,
    make_performance,
)
from .seed_expectations import SEED, SEED_DATE, SEED_FIFTH, SEED_TEXT

# The newsroom's groups, which a data migration makes, by the names users join them by.
REPORTER, EDITOR, CHIEF = "记者", "编辑", "总编辑"
ROLES = (REPORTER, EDITOR, CHIEF)

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the paper's time zone
API = "/api/v1"  # where the JSON API answers
ATOM = "{http://www.w3.org/2005/Atom}"  # the namespace of Atom feeds' elements

# Most queries a reader page may make, however much it shows.
LIST_MAX_QUERIES = 1  # a page of a list (the home page, a section's …), kept whole
ISSUE_MAX_QUERIES = 1  # the issue's page, kept whole (articles.parts)
ARTICLE_MAX_QUERIES = 1  # the article with its page, kept whole (articles.parts)
# The article page that renders the article's part first: no page kept, whether the article
# is readable, then the article with the programme's acts and credits, the corrections shown
# and those due, the links and when they next change (an article due by its own time, by
# its issue's), the sections, and the part's row made and stored.
ARTICLE_RENDERING_MAX_QUERIES = 15
# The issue page that renders the issue's part first: no page kept, which issue is published
# that day, then the issue with the dates around it, its articles with their bylines, acts
# and credits, its pages, when an article of it (by its own time, by its issue's) and when
# an issue is next published, the sections, and the part's row made and stored.
ISSUE_RENDERING_MAX_QUERIES = 15
# A list page that renders its part first: no page kept; the list's row and how many it
# holds, asked once to name the part and again after its edition is read; the part's row
# made, named and stored; the page's articles and their bylines (or the theatre's evenings
# with their acts), the sections, and when one of it is next published (by its own time, by
# its issue's).
LIST_RENDERING_MAX_QUERIES = 15
# The home page that renders its part first: no page kept; the part's row made, named, read
# and stored; the newest issue, its articles and their bylines, the theatre's evenings with
# their acts, pieces and credits, when an article, an issue is next published, the sections.
HOME_RENDERING_MAX_QUERIES = 16
# A programme's page that renders its part first: no page kept; the programme, the months
# of its past evenings and the evenings of those on the page, asked once to name the part and
# again after its edition is read, with the upcoming ones, their acts, pieces and credits;
# when an article is next published; the part's row made, named, read and stored; the sections.
PROGRAMME_RENDERING_MAX_QUERIES = 21


def future() -> datetime.datetime:
    """A moment a day from now: a publication time that has not come yet."""
    return timezone.now() + datetime.timedelta(days=1)


# Reading pages ------------------------------------------------------------------------------


def main_html(response) -> str:
    """The page's <main> element only, without the head's title and description."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def text_of(response) -> str:
    """The page's text, tags dropped and spaces squeezed, to read sentences across markup."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def in_order(html: str, *fragments: str) -> bool:
    """Whether each fragment occurs in ``html`` after the one before it."""
    position = 0
    for fragment in fragments:
        position = html.find(fragment, position)
        if position < 0:
            return False
        position += len(fragment)
    return True


def json_ld(response) -> dict:
    """The page's one JSON-LD script, decoded (it fails if there is none or more than one)."""
    html = response.content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def messages_of(response) -> list[str]:
    """The messages the response's request left for the next page, as text."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def payload_of(response) -> str:
    """The signed payload the import's preview form carries to its confirmation."""
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode())[1]


def count_queries(client, url: str) -> int:
    """How many queries a GET of ``url`` made (after checking it answered 200)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def articles_shown(response) -> list[Article]:
    """Every Article object the page's templates were given, however reached: directly, in
    lists, pages and dataclasses, and through other objects' relations, prefetches and
    attributes (a byline's article, a performance's, an article's acts). What the page did
    not fetch is not fetched here: querysets it left unevaluated and lazy values are passed
    over."""
    contexts = response.context
    assert contexts is not None, "the response rendered no template"
    found, seen = [], {}  # seen by id, and kept: no id is reused while the walk lasts

    def walk(value):
        if id(value) in seen or isinstance(value, str | bytes | int | float | LazyObject | Promise):
            return
        seen[id(value)] = value
        if isinstance(value, Article):
            found.append(value)
        if isinstance(value, Model):
            walk(value._state.fields_cache)
            walk([item for name, item in vars(value).items() if name != "_state"])
        elif isinstance(value, dict):
            walk(list(value.values()))
        elif isinstance(value, list | tuple | set):
            for item in value:
                walk(item)
        elif isinstance(value, QuerySet):
            walk(value._result_cache or [])
        elif isinstance(value, Page):
            walk(value.object_list)
        elif dataclasses.is_dataclass(value):  # e.g. a month of performances
            walk([getattr(value, field.name) for field in dataclasses.fields(value)])

    for context in contexts if isinstance(contexts, ContextList) else [contexts]:
        walk(context.flatten())
    return found


def is_reader_page(url: str) -> bool:
    """Whether ``url`` is a page of this site that ``newsroom.caching.reader_page`` serves."""
    if not url.startswith("/") or url.startswith("//"):
        return False
    try:
        view = resolve(unquote(urlsplit(url).path)).func
    except Resolver404:
        return False
    return getattr(view, "is_reader_page", False)


def reader_pages(client) -> dict[str, object]:
    """Every reader page (a view of ``newsroom.caching.reader_page``) a reader can reach by
    following links from the home page, each with its response, and searches for a word of
    each article's headline and body."""
    searches = [
        f"{reverse('articles:search')}?{urlencode({'q': text[:2]})}"
        for article in Article.objects.published()
        for text in (article.title, strip_tags(article.body).strip())
        if text
    ]
    found, waiting = {}, [reverse("home"), *searches]
    while waiting:
        url = waiting.pop()
        if url in found or not is_reader_page(url):
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response
        if response["Content-Type"].startswith("text/html"):
            for href in re.findall(r'href="([^"#]+)', response.content.decode()):
                waiting.append(html.unescape(href))
    return found


def pages_showing(article) -> list[str]:
    """The reader pages that show ``article``: home, its issue, itself, its section, its
    first author."""
    author = article.bylines.first().author
    return [
        reverse("home"),
        article.issue.get_absolute_url(),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        author.get_absolute_url(),
    ]


# The admin ----------------------------------------------------------------------------------

PAPER_APPS = {"articles", "events"}  # the apps whose models editors keep in the admin
IMPORT_URL = reverse("admin:articles_issue_import")  # where editors upload a printed page


def admin_url(model, view, *args):
    """The admin's URL of ``view`` ("changelist", "add", "change" …) for ``model``."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def client_of(client, user):
    """``client`` logged in as ``user``, reading English (the msgids)."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def run_action(client, model, action, objects, **extra):
    """Post the changelist's ``action`` on ``objects``, with ``extra`` form data."""
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra},
    )


def assert_saved(response):
    """The admin form saved (it redirects); if not, the failure shows the form's errors."""
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        *(inline.formset.errors for inline in response.context["inline_admin_formsets"]),
        *(inline.formset.non_form_errors() for inline in response.context["inline_admin_formsets"]),
    ]


def article_form_data(article, **changes):
    """What the article's change form posts when saved unchanged, with ``changes`` applied."""
    published = timezone.localtime(article.published_at) if article.published_at else None
    bylines = list(article.bylines.all())
    data = {
        "title": article.title,
        "subtitles": article.subtitles,
        "issue": article.issue_id or "",
        "section": article.section_id,
        "position": "" if article.position is None else article.position,
        "page": article.page_id or "",
        "kind": article.kind,
        "column": article.column_id or "",
        "series": article.series_id or "",
        "series_number": article.series_number or "",
        "dateline": article.dateline,
        "body": article.body,
        "photo_alt": article.photo_alt,
        "photo_caption": article.photo_caption,
        "photographer": article.photographer_id or "",
        "photo_credit": article.photo_credit,
        "status": article.status,
        "published_at_0": published.strftime("%Y-%m-%d") if published else "",
        "published_at_1": published.strftime("%H:%M:%S") if published else "",
        "seen_version": article.version,
        "bylines-TOTAL_FORMS": len(bylines),
        "bylines-INITIAL_FORMS": len(bylines),
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        # A published article's form has the corrections inline too (none added here).
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
        "corrections-MIN_NUM_FORMS": 0,
        "corrections-MAX_NUM_FORMS": 1000,
    }
    for n, byline in enumerate(bylines):
        data |= {
            f"bylines-{n}-id": byline.pk,
            f"bylines-{n}-article": article.pk,
            f"bylines-{n}-author": byline.author_id,
            f"bylines-{n}-role": byline.role,
            f"bylines-{n}-order": byline.order,
        }
    return data | changes


def issue_form_data(issue, *, resolved=(), **changes) -> dict:
    """What the issue's change form posts when saved unchanged, with ``changes`` applied.

    ``resolved``: the pks of the import warnings ticked as resolved.
    """
    published = timezone.localtime(issue.published_at) if issue.published_at else None
    articles = list(issue.articles.order_by("position"))
    pages = list(issue.pages.all())
    warnings = list(issue.import_warnings.all())
    data = {
        "date": issue.date.isoformat(),
        "number": issue.number or "",
        "lead": issue.lead_id or "",
        "status": issue.status,
        "published_at_0": published.strftime("%Y-%m-%d") if published else "",
        "published_at_1": published.strftime("%H:%M:%S") if published else "",
    }
    for prefix, rows in (("articles", articles), ("pages", pages), ("import_warnings", warnings)):
        data |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)}
        for n, row in enumerate(rows):
            data |= {f"{prefix}-{n}-id": row.pk, f"{prefix}-{n}-issue": issue.pk}
    for n, article in enumerate(articles):
        data |= {
            f"articles-{n}-position": article.position,
            f"articles-{n}-title": article.title,
            f"articles-{n}-page": article.page_id or "",
            f"articles-{n}-section": article.section_id,
            f"articles-{n}-kind": article.kind,
            f"articles-{n}-column": article.column_id or "",
        }
    for n, page in enumerate(pages):
        data |= {f"pages-{n}-number": page.number, f"pages-{n}-name": page.name}
    for n, warning in enumerate(warnings):
        if warning.resolved or warning.pk in resolved:
            data[f"import_warnings-{n}-resolved"] = "on"
    return data | changes


def admin_front_page(client, user) -> str:
    """The admin's front page (its dashboard) as ``user`` reads it, in Chinese."""
    member = client_of(client, user)
    member.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = member.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def dashboard_panel(html: str, key: str) -> str | None:
    """The HTML of the front page's panel ``key``, or None when the page has none."""
    match = re.search(rf'<section [^>]*id="panel-{key}".*?</section>', html, re.S)
    return match.group(0) if match else None


def version_url(obj, version):
    """The history's page of ``version`` of ``obj``, with its revert form."""
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )


def revert_as(client, user, article, version, **changes):
    """Post ``version``'s revert form as ``user``: the old values, with ``changes`` typed in."""
    article.refresh_from_db()
    data = article_form_data(version.instance, seen_version=article.version, **changes)
    data.pop("status")  # not a field of the form: the workflow's
    return client_of(client, user).post(version_url(article, version), data)


def sign_in(page, live_server, username):
    """Sign ``username`` in to the admin in the browser's ``page``; its front page is open."""
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def edit_as(client, user, article, **changes):
    """Save ``article`` through its change form as ``user``, with ``changes``."""
    article.refresh_from_db()
    response = client_of(client, user).post(
        admin_url(Article, "change", article.pk), article_form_data(article, **changes)
    )
    assert response.status_code == 302, response.content[:2000]
    article.refresh_from_db()
    return article


def save_as(user, row, reason: str = "", **changes) -> None:
    """Save ``row`` with ``changes`` as the app does: a version by ``user``, with ``reason``."""
    for name, value in changes.items():
        setattr(row, name, value)
    row._history_user = user
    row._change_reason = reason or None
    row.save()


# Images -------------------------------------------------------------------------------------

RED, BLUE = (255, 0, 0), (0, 0, 255)
ROTATE_90_CLOCKWISE = 6  # EXIF orientation: the camera was held upright, the sensor sideways


def image_file(name: str, image_format: str, size=(40, 30), mode="RGB") -> SimpleUploadedFile:
    """A small blank image of ``image_format`` (PIL's name: "PNG", "JPEG" …) named ``name``."""
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 0).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def camera_jpeg(name="camera.jpg", size=(2400, 1200), orientation=ROTATE_90_CLOCKWISE):
    """A JPEG as a phone writes it: sideways pixels (left red, right blue), an orientation
    tag, the GPS position where it was taken, the camera's name, XMP and a comment."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Model] = "Photographer's phone"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (35.0, 14.0, 24.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (113.0, 14.0, 30.0),
        }
    )
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">home</x:xmpmeta>'
    image.save(buffer, "JPEG", exif=exif, xmp=xmp, comment=b"home address")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def assert_no_metadata(path):
    """The stored image at ``path`` keeps no EXIF, GPS position, XMP or comment."""
    with Image.open(path) as stored:
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(stored.info)


# A paper of any size ------------------------------------------------------------------------


def build_paper(n_articles: int) -> dict:
    """An issue of ``n_articles`` with bylines, a column, a series and a programme."""
    issue = make_issue(date=datetime.date(2022, 8, 25))
    make_issue(date=datetime.date(2022, 8, 18))
    make_issue(date=datetime.date(2022, 9, 1))
    column = Column.objects.get(name="基层动态")
    series = Series.objects.create(name="系列评论")
    author = make_author("詹长松")
    articles = []
    for n in range(1, n_articles + 1):
        article = make_article(
            issue=issue,
            position=n,
            subtitles="副题",
            column=column if n % 3 == 0 else None,
            series=series if n % 3 == 1 else None,
            series_number=n if n % 3 == 1 else None,
        )
        add_byline(article, author, Byline.Role.REPORTER, 1)
        add_byline(article, make_author(), Byline.Role.CORRESPONDENT, 2)
        articles.append(article)
    performances = [
        make_performance(
            article=articles[-1],
            date=datetime.date(2022, 9, 3 + n),
            acts=[("相声", f"段子{k}", ["展奇", f"搭档{n}{k}"]) for k in range(n_articles)],
        )
        for n in range(n_articles)
    ]
    make_performance(
        date=timezone.localdate() + datetime.timedelta(days=5),
        acts=[("相声", f"新段子{k}", ["展奇", "杨森"]) for k in range(n_articles)],
    )
    return {
        "issue": issue,
        "article": articles[1],
        "programme article": articles[-1],
        "series": series,
        "column": column,
        "performance": performances[0],
    }


# Each reader page of a paper from build_paper(), by name.
PAPER_PAGES = {
    "home": lambda p: reverse("home"),
    "issue list": lambda p: reverse("articles:issue_list"),
    "issue": lambda p: p["issue"].get_absolute_url(),
    "article": lambda p: p["article"].get_absolute_url(),
    "programme article": lambda p: p["programme article"].get_absolute_url(),
    "section": lambda p: reverse("articles:section", kwargs={"slug": "community-news"}),
    "column": lambda p: p["column"].get_absolute_url(),
    "series": lambda p: p["series"].get_absolute_url(),
    "author": lambda p: reverse("articles:author", kwargs={"slug": "詹长松"}),
    "theatre": lambda p: reverse("events:index"),
    "programme": lambda p: Programme.objects.get(slug="jiefang-theatre").get_absolute_url(),
    "performance": lambda p: p["performance"].get_absolute_url(),
    "performer": lambda p: reverse("events:performer", kwargs={"slug": "展奇"}),
    "404": lambda p: "/no/such/page/",
}


# A printed page as the typesetting system exports it: a PDF with a Chinese text layer, in
# reportlab's built-in Song font (Adobe's CID font, known to every PDF reader: no font file).
PAGE_POINTS = (842, 1191)  # A3 portrait
# Three stories, each a headline and its text, to print on a page's PDF.
PAGE_STORIES = [
    (
        "解放区召开防汛工作会议",
        "本报讯 6月19日，解放区召开防汛备汛工作会议，对全区防汛工作进行部署。",
    ),
    (
        "民主路街道开展消防安全检查",
        "近日，民主路街道联合消防救援站对沿街商铺开展检查，排查隐患12处。",
    ),
    ("转变作风 优化环境", "优化营商环境，服务效能是关键，要把服务做到企业心坎上。"),
]
PAGE_MARGIN, MASTHEAD_HEIGHT = 40, 110


def page_pdf(stories, *, pages=1, size=PAGE_POINTS, encrypt=None) -> tuple[bytes, dict]:
    """A PDF of the masthead and ``stories`` ((headline, body) pairs) in two columns, two to a
    column; returns its bytes and each headline's box as fractions of the page (left, top,
    width, height), as ``newsroom.printed_pages.Rect`` measures."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = size
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size, encrypt=encrypt)
    boxes = {}
    for _page in range(pages):
        pdf.setFont("STSong-Light", 48)
        pdf.drawString(PAGE_MARGIN, height - PAGE_MARGIN - 48, "解放区报")
        column_width = (width - 3 * PAGE_MARGIN) / 2
        cell_height = (height - MASTHEAD_HEIGHT - PAGE_MARGIN) / 2
        for index, (headline, body) in enumerate(stories):
            left = PAGE_MARGIN + (index // 2) * (column_width + PAGE_MARGIN)
            top = height - MASTHEAD_HEIGHT - (index % 2) * cell_height
            baseline = top - 20
            pdf.setFont("STSong-Light", 20)
            pdf.drawString(left, baseline, headline)
            # The headline's ink: its width, and its height from 2 to 14 points over the line.
            ink_top = height - (baseline + 14)
            boxes[headline] = (
                left / width,
                ink_top / height,
                20 * len(headline) / width,
                12 / height,
            )
            pdf.setFont("STSong-Light", 10)
            per_line = int(column_width // 10)
            for line, start in enumerate(range(0, len(body), per_line)):
                pdf.drawString(left, top - 44 - 14 * line, body[start : start + per_line])
        pdf.showPage()
    pdf.save()
    return buffer.getvalue(), boxes


# Corrected copies of the seed page ------------------------------------------------------------


def edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old``, which it holds exactly once, replaced by ``new``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def with_fourth_retitled(text: str = SEED_TEXT) -> str:
    """The seed page with its fourth headline corrected by one character."""
    return edit(text, "# 解放区一志愿服务项目荣获省级大奖", "# 解放区一项志愿服务项目荣获省级大奖")


def without_fifth(text: str = SEED_TEXT) -> str:
    """The seed page without its fifth article."""
    return edit(text, SEED_FIFTH, "")


def corrected_copy(tmp_path, text: str):
    """``text`` written as a corrected copy of the seed page, under the seed's own name."""
    path = tmp_path / "corrected" / SEED.name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Importing a page as the command does -----------------------------------------------------------


def plan_of(text: str, *, date=SEED_DATE, source=SEED.name, sha256=None, **options):
    """The plan of importing ``text`` (decoded, parsed against the columns editors keep and
    checksummed as the command does; another ``sha256`` for a copy under another checksum)."""
    data = text.encode("utf-8")
    parsed, _encoding = read_issue(data, source=source, issue_date=date)
    return plan_import(parsed, sha256=sha256 or checksum(data), **options)


def import_text(text: str, *, date=SEED_DATE, source=SEED.name, **options):
    """``text`` imported as the command imports it; the loader's report."""
    data = text.encode("utf-8")
    parsed, _encoding = read_issue(data, source=source, issue_date=date)
    return load_issue(parsed, sha256=checksum(data), **options)


def run_import(*args) -> str:
    """What ``manage.py import_issue *args`` prints."""
    out = io.StringIO()
    call_command("import_issue", *[str(a) for a in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused_import(*args) -> str:
    """The one line ``manage.py import_issue *args`` fails with."""
    with pytest.raises(CommandError) as failure:
        run_import(*args)
    return str(failure.value)


def retitle_unseen(article, title):
    """Give ``article`` ``title`` as a bulk update does, in this process or another: unseen
    by the page cache, but its kept page moves on, as the code making a bulk update moves it
    (``rows_changed``)."""
    Article.objects.filter(pk=article.pk).update(title=title)
    rows_changed(Article, [article.pk])


def edited(row: Model, field: models.Field) -> bool:
    """Give ``field`` of ``row`` another value of its kind and save; False for a field that
    holds none that could be shown differently."""
    value = getattr(row, field.attname)
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        limit = field.max_length or len(value) + 1
        setattr(row, field.attname, f"{value[: limit - 1]}改")
    elif isinstance(field, models.DateTimeField) and value is not None:
        setattr(row, field.attname, value - datetime.timedelta(days=1))
    elif isinstance(field, models.DateField) and value is not None:
        setattr(row, field.attname, value + datetime.timedelta(days=30))
    elif isinstance(field, models.TimeField) and value is not None:
        setattr(row, field.attname, value.replace(hour=(value.hour + 1) % 24))
    else:
        return False
    row.save()
    return True


def every_field_edited(client, url: str, rows):
    """Edit each editable field of each of ``rows`` (read by the page at ``url``) in turn,
    the page kept before each edit: yields the row's model, key and the field edited."""
    keys = {(type(row), row.pk) for row in rows}
    for model, pk in sorted(keys, key=lambda key: (key[0]._meta.label, key[1])):
        for field in model._meta.concrete_fields:
            if field.primary_key or field.is_relation or not field.editable:
                continue
            client.get(url)  # the page kept
            if edited(model.objects.get(pk=pk), field):
                yield model, pk, field.name


def rendered_fresh(client, url, kept_models, **headers) -> bytes:
    """The page at ``url`` rendered from the rows as they are: every page kept in
    ``kept_models`` (``articles.parts``) forgotten first."""
    for model in kept_models:
        model.objects.all().delete()
    return client.get(url, headers=headers).content


def rows_read_rendering(client, url, kept_models) -> list[Model]:
    """Every row the page at ``url`` read while rendering (none kept in ``kept_models``)."""
    for model in kept_models:
        model.objects.all().delete()
    read = []

    def note(sender, instance, **kwargs):
        if instance.pk is not None:
            read.append(instance)

    post_init.connect(note)
    try:
        assert client.get(url).status_code == 200
    finally:
        post_init.disconnect(note)
    return [row for row in read if not isinstance(row, tuple(kept_models))]


def take_from_readers(way: str, article: Article, chief) -> None:
    """Take ``article`` from readers (from an author's list, ``"its byline removed"``)
    ``way``, as the newsroom or the code would."""
    issue, later = article.issue, timezone.now() + datetime.timedelta(days=1)
    if way == "sent back to draft":
        transition(article, "send_back", chief)
    elif way == "scheduled later":
        article.published_at = later
        article.save()
    elif way == "its issue unpublished":
        unpublish_issue(issue, chief)
    elif way == "its issue scheduled later":
        issue.published_at = later
        issue.save()
    elif way == "its issue's state updated in bulk":
        with rows_changing(Issue, [issue.pk]):  # as the code making a bulk update does
            Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.DRAFT)
    elif way == "its state updated in bulk":
        with rows_changing(Article, [article.pk]):
            Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DRAFT)
    elif way == "its byline removed":
        article.bylines.all().delete()
    elif way == "deleted":
        article.delete()
    else:
        raise ValueError(way)


WAYS_FROM_READERS = (
    "sent back to draft",
    "scheduled later",
    "its issue unpublished",
    "its issue scheduled later",
    "its issue's state updated in bulk",
    "its state updated in bulk",
    "deleted",
)
