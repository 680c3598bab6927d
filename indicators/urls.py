from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.goal_list, name="goal-list"),
    path("<int:number>/", views.goal_detail, name="goal-detail"),
]
