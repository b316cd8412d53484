from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.programme_index, name="index"),
    path("calendar.ics", views.programme_calendar, name="calendar"),
    path("performances/<int:pk>/", views.performance_detail, name="performance"),
    path("performances/<int:pk>.ics", views.performance_calendar, name="performance_calendar"),
    path("performers/<str:slug>/", views.performer_detail, name="performer"),
    path("pieces/<int:pk>/", views.piece_detail, name="piece"),
    path("<str:slug>/", views.programme_detail, name="programme"),
]
