from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext_lazy as _

from reviews.archive import views as archive_views
from reviews.core.models import AuditEntry, Country, Membership, Review
from reviews.evidence.models import ImportJob
from reviews.workspace.models import GoalAssignment, Invitation, Milestone, Ministry, Task


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3"]
    search_fields = ["name", "iso3"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "country", "hlpf_year", "stage", "is_record"]
    list_filter = ["stage", "is_record", "country"]
    search_fields = ["title", "country__name"]
    raw_id_fields = ["previous_review"]
    inlines = [MilestoneInline]
    actions = ["export_review", "export_review_without_personal_data"]
    change_list_template = "reviews/archive/review_change_list.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(archive_views.EXPORT):
            actions.pop("export_review", None)
            actions.pop("export_review_without_personal_data", None)
        return actions

    def _export(self, request, queryset, *, without_personal_data):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one review to export."), messages.ERROR)
            return None
        return archive_views.export_response(
            request, queryset.select_related("country").get(), without_personal_data=without_personal_data
        )

    @admin.action(description=_("Download an export (zip)"))
    def export_review(self, request, queryset):
        return self._export(request, queryset, without_personal_data=False)

    @admin.action(description=_("Download an export without personal data (zip)"))
    def export_review_without_personal_data(self, request, queryset):
        return self._export(request, queryset, without_personal_data=True)

    def get_urls(self):
        restore = self.admin_site.admin_view(lambda request: archive_views.restore_view(request, self.admin_site))
        return [path("restore/", restore, name="reviews_review_restore"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_restore": request.user.has_perm(archive_views.RESTORE)}
        return super().changelist_view(request, extra_context)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "review", "stage", "owner", "due_date", "done_on"]
    list_filter = ["stage"]
    raw_id_fields = ["review", "owner"]


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "parent", "review"]
    list_filter = ["review"]
    search_fields = ["name", "acronym"]
    raw_id_fields = ["review", "parent"]


@admin.register(GoalAssignment)
class GoalAssignmentAdmin(admin.ModelAdmin):
    list_display = ["review", "ministry", "goal", "role"]
    list_filter = ["role", "review"]
    raw_id_fields = ["review", "ministry"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "review", "role", "ministry", "created_at"]
    list_filter = ["role", "review"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["review", "user", "ministry"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "review", "roles", "created_at", "sent_at", "accepted_at", "revoked_at"]
    list_filter = ["review"]
    search_fields = ["email"]
    readonly_fields = ["nonce", "created_at", "sent_at", "accepted_at", "accepted_by"]
    raw_id_fields = ["review", "ministry", "invited_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited, not even by a superuser."""

    list_display = ["created_at", "review", "actor", "action", "summary"]
    list_filter = ["action", "review"]
    search_fields = ["summary", "actor__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: imports are made from the import page, and their record is what happened."""

    list_display = ["created_at", "review", "created_by", "status", "files_done", "files_total"]
    list_filter = ["status", "review"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
