from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"

    def ready(self):
        from vnr_portal.common.text import connect_one_line_fields

        # No control character or line break in any one-line field. (The framework loader
        # writes with bulk_create, past this signal, but checks every code it writes
        # against a pattern; titles are JSON.)
        connect_one_line_fields(*self.get_models())
