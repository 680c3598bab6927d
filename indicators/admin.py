"""The admin shows a country's data read-mostly: imports write observations and versions,
so only metadata (sources, national indicator kinds and titles, targets) is edited here."""

from django.contrib import admin

from indicators.models import DataSnapshot, NationalIndicator, NationalTarget, Observation, Series, SeriesVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NationalIndicator)
class NationalIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "country", "kind", "global_indicator"]
    list_filter = ["country", "kind"]
    search_fields = ["code"]
    readonly_fields = ["country", "code", "global_indicator", "target", "created_at"]

    def has_add_permission(self, request):
        return False


class NationalTargetInline(admin.TabularInline):
    model = NationalTarget
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["indicator_code", "code", "unit", "country", "source_organisation", "updated_at"]
    list_filter = ["country", "source_type", "source_kind"]
    search_fields = ["indicator_code", "code", "unit"]
    readonly_fields = [
        "country",
        "indicator",
        "national_indicator",
        "indicator_code",
        "code",
        "unit",
        "unit_code",
        "unit_multiplier",
        "current_version",
        "created_at",
        "updated_at",
    ]
    inlines = [NationalTargetInline]

    def has_add_permission(self, request):
        return False


@admin.register(SeriesVersion)
class SeriesVersionAdmin(ReadOnlyAdmin):
    list_display = ["series", "number", "imported_at", "source_file", "observation_count"]
    list_select_related = ["series"]
    raw_id_fields = ["series"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["version", "period", "value", "disaggregation", "status"]
    list_select_related = ["version__series"]
    raw_id_fields = ["version"]
    show_full_result_count = False


@admin.register(DataSnapshot)
class DataSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["label", "country", "taken_at"]
    list_filter = ["country"]
    exclude = ["versions"]
