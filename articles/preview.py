"""Drafts as readers will see them: for the staff who may open them, and through signed links.

A preview is the reader's page itself, the same context and template (``articles.views``),
inside ``articles/preview.html``, which adds a banner and tells robots not to index it. It
is never cached: the reader page cache (``newsroom.caching``) does not wrap these views,
browsers and proxies are told ``private, no-store``, and nginx's micro-cache, which ignores
``Cache-Control`` (``deploy/nginx.conf``), obeys ``X-Accel-Expires: 0``.

A preview link needs no login. It carries the article's pk and the moment it expires,
signed with ``SECRET_KEY`` under a salt of its own. It shows the article's present text
(the draft goes on being corrected after the link is sent), and stops working when it
expires or the article is deleted.
"""

import datetime
import time
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .models import Article, ArticleStatus, Issue, state_label
from .parts import PAGE_OF, issue_page
from .permissions import may_edit_any_article
from .views import article_page_context

SIGNING_SALT = "articles.preview"
LINK_DAYS = (1, 3, 7)  # how long a link may work, as the editor chooses
# However its expiry was written, no link works longer than this.
LONGEST_LINK = datetime.timedelta(days=max(LINK_DAYS))


@dataclass(frozen=True)
class Banner:
    """What the banner above a preview says: the state, and until when a link works."""

    state: str
    published: bool
    expires: datetime.datetime | None = None
    edit_url: str = ""


@dataclass(frozen=True)
class PreviewLink:
    """A signed address at which anyone may read one article until ``expires``."""

    article_pk: int
    expires: datetime.datetime
    token: str

    @classmethod
    def make(cls, article, days: int) -> "PreviewLink":
        expires = int(time.time() + datetime.timedelta(days=days).total_seconds())
        payload = {"article": article.pk, "expires": expires}
        return cls(article.pk, as_datetime(expires), signing.dumps(payload, salt=SIGNING_SALT))

    @classmethod
    def from_token(cls, token: str) -> "PreviewLink":
        """The link ``token`` stands for; ``SignatureExpired`` if it is out of date,
        ``BadSignature`` if it was not made here (changed, cut short, or made up)."""
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=LONGEST_LINK)
        if payload["expires"] <= time.time():
            raise signing.SignatureExpired("The preview link has expired.")
        return cls(payload["article"], as_datetime(payload["expires"]), token)

    def get_absolute_url(self) -> str:
        return reverse("articles:preview_link", kwargs={"token": self.token})


def as_datetime(timestamp: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC)


def previewable_articles(user):
    """The articles ``user`` may open in the admin, and so preview: editors all, a reporter
    their own; none for anyone else."""
    if not (user.is_staff and user.has_perm("articles.view_article")):
        return Article.objects.none()
    return Article.objects.open_to(user)


def private_page(view):
    """Keep ``view``'s pages out of every cache, and out of the nginx micro-cache."""

    @wraps(view)
    def uncached_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Accel-Expires"] = "0"
        return response

    return uncached_view


def render_preview(request, reader_template, context, banner):
    return render(
        request,
        "articles/preview.html",
        {**context, "reader_template": reader_template, "banner": banner},
    )


@private_page
@login_required
def article_preview(request, pk):
    """The article's page for staff who may open it in the admin; 404 for other staff, as
    for an article that does not exist."""
    context = article_page_context(request, previewable_articles(request.user), pk)
    article = context["article"]
    banner = Banner(
        state=state_label(article),
        published=article.is_published,
        edit_url=reverse("admin:articles_article_change", args=[article.pk]),
    )
    return render_preview(request, PAGE_OF[Article], context, banner)


@private_page
@login_required
def issue_preview(request, pk):
    """The issue's page as it will be once published with its articles (all but the
    withdrawn), for editors, who may open each of them."""
    if not request.user.is_staff or not may_edit_any_article(request.user):
        raise Http404(_("No such issue."))
    issue = get_object_or_404(Issue.objects.with_neighbour_dates(), pk=pk)
    articles = issue.articles.exclude(status=ArticleStatus.WITHDRAWN)
    banner = Banner(
        state=state_label(issue),
        published=issue.is_published,
        edit_url=reverse("admin:articles_issue_change", args=[issue.pk]),
    )
    return render_preview(request, PAGE_OF[Issue], issue_page(issue, articles), banner)


@private_page
def article_preview_link(request, token):
    """The article of a preview link, for anyone who has the link, until it expires."""
    try:
        link = PreviewLink.from_token(token)
    except signing.SignatureExpired:
        return link_unavailable(
            request,
            _("This preview link has expired. Ask whoever sent it for a new one."),
            status=410,
        )
    except signing.BadSignature:
        return link_unavailable(
            request, _("This preview link is not valid: check that it was copied whole.")
        )
    try:
        context = article_page_context(request, Article.objects.all(), link.article_pk)
    except Http404:
        return link_unavailable(request, _("The article of this preview link has been deleted."))
    article = context["article"]
    banner = Banner(
        state=state_label(article),
        published=article.is_published,
        expires=link.expires,
    )
    return render_preview(request, PAGE_OF[Article], context, banner)


def link_unavailable(request, message, status=404):
    return render(request, "articles/preview_unavailable.html", {"message": message}, status=status)
