from rest_framework.routers import SimpleRouter

from .views import GoalViewSet

router = SimpleRouter()
router.register("goals", GoalViewSet, basename="goal")
urlpatterns = router.urls
