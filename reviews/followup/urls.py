from django.urls import path

from reviews.followup.views import chapter, sidebyside

urlpatterns: list = [
    path("reviews/<int:pk>/followup/chapter/", chapter.followup_chapter, name="followup-chapter"),
    path(
        "reviews/<int:pk>/followup/chapter/regenerate/",
        chapter.followup_chapter_regenerate,
        name="followup-chapter-regenerate",
    ),
    path("reviews/<int:pk>/followup/side-by-side/", sidebyside.followup_side_by_side, name="followup-side-by-side"),
    path(
        "reviews/<int:pk>/followup/side-by-side/match/",
        sidebyside.followup_side_by_side_match,
        name="followup-side-by-side-match",
    ),
]
