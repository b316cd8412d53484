"""What the API says about each thing, in English field names; URLs are absolute.

``url`` is always the reader page on this site, built from the request so that it names
the host the client asked.
"""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from articles.models import Article, Byline, Correction, PageRegion
from newsroom.addresses import absolute_url


class SectionOut(Schema):
    """A part of the paper, e.g. 评论; its slug filters /articles/."""

    slug: str
    name: str


class ColumnOut(Schema):
    """A recurring rubric (栏目), e.g. 基层动态; its slug filters /articles/."""

    slug: str
    name: str


class SeriesOut(Schema):
    """A numbered run of articles, and this article's number in it."""

    slug: str
    name: str
    number: int


class BylineOut(Schema):
    """An author's credit on an article, in printed order."""

    name: str
    slug: str = Field(description="The author's slug, for /authors/{slug}.")
    role: Byline.Role
    role_label: str = Field(description="The role in the language the client asked for.")
    url: str

    @staticmethod
    def resolve_name(byline):
        return byline.author.name

    @staticmethod
    def resolve_slug(byline):
        return byline.author.slug

    @staticmethod
    def resolve_role_label(byline):
        return str(byline.get_role_display())

    @staticmethod
    def resolve_url(byline, context):
        return absolute_url(byline.author.get_absolute_url())


class PhotoOut(Schema):
    """The printed photo; photo news imported from text has its caption but no picture."""

    url: str | None
    alt: str = Field(description="What the photo shows, for readers who cannot see it.")
    caption: str
    credit: str


class CorrectionOut(Schema):
    """A dated note saying what the article got wrong and what is right (更正)."""

    text: str = Field(description="Plain text.")
    published_at: datetime.datetime = Field(description="In Asia/Shanghai time.")
    url: str = Field(description="The correction on the article's page.")

    @staticmethod
    def resolve_published_at(correction: Correction):
        return timezone.localtime(correction.published_at)

    @staticmethod
    def resolve_url(correction, context):
        return absolute_url(correction.get_absolute_url())


class ArticleSummary(Schema):
    """An article as lists show it; /articles/{id} has the whole of it."""

    id: int
    title: str
    kind: Article.Kind
    section: SectionOut
    column: ColumnOut | None
    series: SeriesOut | None
    bylines: list[BylineOut]
    summary: str = Field(description="The start of the body as plain text.")
    issue_date: datetime.date
    published_at: datetime.datetime = Field(description="In Asia/Shanghai time.")
    url: str

    @staticmethod
    def resolve_series(article):
        if article.series is None:
            return None
        series = article.series
        return {"slug": series.slug, "name": series.name, "number": article.series_number}

    @staticmethod
    def resolve_issue_date(article):
        return article.issue.date

    @staticmethod
    def resolve_published_at(article):
        return timezone.localtime(article.published_at)

    @staticmethod
    def resolve_url(article, context):
        return absolute_url(article.get_absolute_url())


class ArticleDetail(ArticleSummary):
    """The whole article as printed."""

    subtitles: list[str] = Field(description="Subtitles (副题) in printed order.")
    dateline: str
    body: str = Field(description="HTML, sanitised when it was saved.")
    photo: PhotoOut | None
    corrections: list[CorrectionOut] = Field(description="Its corrections, oldest first.")

    @staticmethod
    def resolve_subtitles(article):
        return article.subtitle_list

    @staticmethod
    def resolve_photo(article, context):
        if not (article.photo or article.photo_caption):
            return None
        url = absolute_url(article.photo.url) if article.photo else None
        return {
            "url": url,
            "alt": article.photo_alt,
            "caption": article.photo_caption,
            "credit": article.photo_credit,
        }

    @staticmethod
    def resolve_corrections(article):
        return article.published_corrections


class IssueOut(Schema):
    """A published edition of the paper (期); its date identifies it."""

    date: datetime.date
    number: int | None = Field(description="The number printed in the masthead, if known.")
    published_at: datetime.datetime = Field(description="In Asia/Shanghai time.")
    url: str

    @staticmethod
    def resolve_published_at(issue):
        return timezone.localtime(issue.published_at)

    @staticmethod
    def resolve_url(issue, context):
        return absolute_url(issue.get_absolute_url())


class RegionOut(Schema):
    """Where a published story is printed on its page: rectangles as fractions of the page
    image, [left, top, width, height] from its top left."""

    article: int = Field(description="The story's id, as /articles/{id} knows it.")
    url: str = Field(description="The story's page for readers.")
    rectangles: list[list[float]]

    @staticmethod
    def resolve_article(region):
        return region.article_id

    @staticmethod
    def resolve_url(region, context):
        path = reverse("articles:article", kwargs={"pk": region.article_id})
        return absolute_url(path)


class PageOut(Schema):
    """A printed page (版) of the issue, with its image and its stories' regions if it has one."""

    number: int
    name: str
    editor: str = Field(description="责任编辑, as printed.")
    url: str
    image: str | None = Field(description="The page image, its largest size.")
    thumbnail: str | None
    pdf: str | None = Field(description="The page as the typesetting system exported it.")
    regions: list[RegionOut] = Field(description="Its published stories' places on the image.")

    @staticmethod
    def resolve_url(page, context):
        return absolute_url(page.get_absolute_url())

    @staticmethod
    def resolve_image(page, context):
        return _media_url(page.image.largest if page.image else None)

    @staticmethod
    def resolve_thumbnail(page, context):
        return _media_url(page.image.thumbnail if page.image else None)

    @staticmethod
    def resolve_pdf(page, context):
        return absolute_url(page.pdf.url) if page.pdf else None

    @staticmethod
    def resolve_regions(page):
        return page.published_regions


def _media_url(rendition) -> str | None:
    return absolute_url(rendition.url) if rendition else None


class IssueDetail(IssueOut):
    articles: list[ArticleSummary] = Field(description="Published articles in printed order.")
    pages: list[PageOut] = Field(description="Its printed pages in order.")

    @staticmethod
    def resolve_articles(issue):
        # Not the related manager as it is: that holds the issue's drafts too.
        return issue.articles.published().for_listing()

    @staticmethod
    def resolve_pages(issue):
        published = PageRegion.objects.filter(article__in=Article.objects.published())
        regions = Prefetch("regions", published, to_attr="published_regions")
        return issue.pages.order_by("number").prefetch_related(regions)


class AuthorOut(Schema):
    """A person or pen name who signs published articles."""

    slug: str
    name: str
    is_pen_name: bool
    article_count: int = Field(description="Published articles they sign.")
    url: str

    @staticmethod
    def resolve_url(author, context):
        return absolute_url(author.get_absolute_url())


class AuthorDetail(AuthorOut):
    bio: str
    latest_articles: list[ArticleSummary] = Field(description="Their newest articles, up to 10.")


class ProgrammeOut(Schema):
    """The stage a performance is on."""

    slug: str
    name: str
    address: str


class ActOut(Schema):
    """One item on the bill: a piece (form and title) and its performers in billed order."""

    order: int
    form: str = Field(description="E.g. 相声.")
    title: str = Field(description="Without 《》; empty when the bill gives none.")
    performers: list[str]

    @staticmethod
    def resolve_form(act):
        return act.piece.form

    @staticmethod
    def resolve_title(act):
        return act.piece.title

    @staticmethod
    def resolve_performers(act):
        return [credit.performer.name for credit in act.credits.all()]


class PerformanceOut(Schema):
    """One evening of a programme and its bill."""

    id: int
    date: datetime.date
    time: datetime.time | None = Field(description="Asia/Shanghai; null when not printed.")
    programme: ProgrammeOut
    acts: list[ActOut]
    announced_in: int | None = Field(description="The id of the article that printed it.")
    url: str

    @staticmethod
    def resolve_announced_in(performance):
        return performance.article_id

    @staticmethod
    def resolve_url(performance, context):
        return absolute_url(performance.get_absolute_url())
