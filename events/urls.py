from django.urls import path

from newsroom import converters  # noqa: F401  (registers unicode_slug)

from . import views

app_name = "events"

urlpatterns = [
    path("", views.programme_index, name="index"),
    path("calendar.ics", views.programme_calendar, name="calendar"),
    path("performances/<int:pk>/", views.performance_detail, name="performance"),
    path("performances/<int:pk>.ics", views.performance_calendar, name="performance_calendar"),
    path("performers/<unicode_slug:slug>/", views.performer_detail, name="performer"),
    path("pieces/<int:pk>/", views.piece_detail, name="piece"),
    path("<unicode_slug:slug>/", views.programme_detail, name="programme"),
]
