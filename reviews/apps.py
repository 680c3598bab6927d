from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from vnr_portal.common.text import connect_one_line_fields

        # No control character or line break in any one-line field (titles reach e-mail subjects).
        connect_one_line_fields(*self.get_models())

        from indicators.evidence.signals import series_changed
        from reviews.drafting.services.data_references import on_series_changed

        # Sections whose text shows data that changed are flagged, their approvals made stale.
        series_changed.connect(on_series_changed, dispatch_uid="reviews.drafting.data_references")
