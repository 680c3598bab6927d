"""Publishing: editions of the report (PDF, Word) and the cover picture."""

from django.urls import path

from reviews.publishing import views

urlpatterns = [
    path("reviews/<int:pk>/publish/", views.editions, name="editions"),
    path("reviews/<int:pk>/publish/new/", views.edition_request, name="edition-request"),
    path("reviews/<int:pk>/publish/<int:edition_pk>/status/", views.edition_status, name="edition-status"),
    path("reviews/<int:pk>/publish/<int:edition_pk>/download/", views.edition_download, name="edition-download"),
    path("reviews/<int:pk>/publish/<int:edition_pk>/public/", views.edition_publish, name="edition-publish"),
    path("reviews/<int:pk>/publish/cover/", views.cover_upload, name="cover-upload"),
    path("reviews/<int:pk>/publish/cover/remove/", views.cover_remove, name="cover-remove"),
    path("reviews/<int:pk>/publish/cover/picture/", views.cover_picture, name="cover-picture"),
]
