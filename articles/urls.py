from django.urls import path

from newsroom import converters  # noqa: F401  (registers unicode_slug)

from . import feeds, preview, views

app_name = "articles"

urlpatterns = [
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/<int:year>/<int:month>/", views.issue_month, name="issue_month"),
    path("<int:year>/<int:month>/<int:day>/", views.issue_detail, name="issue"),
    path("<int:year>/<int:month>/<int:day>/pdf/", views.issue_pdf, name="issue_pdf"),
    path(
        "<int:year>/<int:month>/<int:day>/pages/<int:number>/",
        views.page_detail,
        name="page",
    ),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("sections/<unicode_slug:slug>/", views.section_detail, name="section"),
    path("columns/<unicode_slug:slug>/", views.column_detail, name="column"),
    path("series/<unicode_slug:slug>/", views.series_detail, name="series"),
    path("authors/<unicode_slug:slug>/", views.author_detail, name="author"),
    path("search/", views.search, name="search"),
    path("corrections/", views.correction_list, name="corrections"),
    # Previews: for staff by pk, for anyone with a signed link by its token.
    path("preview/articles/<int:pk>/", preview.article_preview, name="preview"),
    path("preview/issues/<int:pk>/", preview.issue_preview, name="issue_preview"),
    path("preview/<str:token>/", preview.article_preview_link, name="preview_link"),
    # Feeds: the whole paper at feeds/, a section, series or author under its own page.
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="latest_rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="latest_atom"),
    path("sections/<unicode_slug:slug>/feed/rss/", feeds.SectionFeed(), name="section_rss"),
    path("sections/<unicode_slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    path("series/<unicode_slug:slug>/feed/rss/", feeds.SeriesFeed(), name="series_rss"),
    path("series/<unicode_slug:slug>/feed/atom/", feeds.SeriesAtomFeed(), name="series_atom"),
    path("authors/<unicode_slug:slug>/feed/rss/", feeds.AuthorFeed(), name="author_rss"),
    path("authors/<unicode_slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_atom"),
    path("corrections/feed/rss/", feeds.CorrectionsFeed(), name="corrections_rss"),
    path("corrections/feed/atom/", feeds.CorrectionsAtomFeed(), name="corrections_atom"),
]
