from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.programme_index, name="index"),
    path("performances/<int:pk>/", views.performance_detail, name="performance"),
    path("performers/<str:slug>/", views.performer_detail, name="performer"),
    path("<str:slug>/", views.programme_detail, name="programme"),
]
