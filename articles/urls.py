from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/<int:year>/<int:month>/", views.issue_month, name="issue_month"),
    path("<int:year>/<int:month>/<int:day>/", views.issue_detail, name="issue"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("sections/<str:slug>/", views.section_detail, name="section"),
    path("columns/<str:slug>/", views.column_detail, name="column"),
    path("series/<str:slug>/", views.series_detail, name="series"),
    path("authors/<str:slug>/", views.author_detail, name="author"),
]
