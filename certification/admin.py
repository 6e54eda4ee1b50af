"""The site admin's view of the certification pipeline. Every record here is history: nothing is
deleted. The pipeline moves through the app's services, which keep the candidate's timeline and
tell the people concerned, so what they write (a candidacy's phase and approvals, a submission's
outcome, a certificate's status) is read here; a certificate is revoked, with a reason, by the
action below, through the same service as the app's "Revoke"."""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm

from coaching.admin import NoDeleteMixin, SiteAdmin, SiteAdminOnly, ViewOnlyMixin, run_service
from core.admin import HistorySiteAdmin

from .models import (
    AnnualMinimumRecord,
    Candidacy,
    CandidacyEvent,
    Certificate,
    CfrVersionChange,
    Facilitation,
    ProgramSettings,
    Submission,
)
from .services import certificates


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(ViewOnlyMixin, HistorySiteAdmin):
    """Changed on the program's settings page (/certification/programs/<id>/settings/), which
    checks the CFR minimum against the version, records a switch of version and moves candidates
    whose checklist the new rules complete."""

    list_display = [
        "program",
        "cfr_version",
        "cfr_passing_minimum",
        "annual_minimum",
        "workshop_capacity",
        "certificate_valid_months",
    ]
    list_select_related = ["program", "cfr_version__rubric"]
    search_fields = ["program__name"]


@admin.register(CfrVersionChange)
class CfrVersionChangeAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["program", "from_version", "to_version", "by", "changed_at"]
    list_filter = ["program"]
    list_select_related = ["program", "from_version__rubric", "to_version__rubric", "by"]
    search_fields = ["program__name"]
    date_hierarchy = "changed_at"


class CandidacyEventInline(SiteAdminOnly, admin.TabularInline):
    model = CandidacyEvent
    extra = 0
    fields = ["at", "kind", "from_phase", "to_phase", "by", "reason"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Candidacy)
class CandidacyAdmin(ViewOnlyMixin, SiteAdmin):
    """Identified, approved, placed and moved by the pipeline's services only, each step kept on
    the timeline shown below."""

    list_display = ["__str__", "program", "phase", "cohort", "created_at", "updated_at"]
    list_filter = ["phase", "program", "district"]
    list_select_related = ["person", "program", "cohort"]
    search_fields = ["person__first_name", "person__last_name", "person__email", "program__name"]
    date_hierarchy = "created_at"
    inlines = [CandidacyEventInline]


@admin.register(CandidacyEvent)
class CandidacyEventAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "kind", "from_phase", "to_phase", "by", "at"]
    list_filter = ["kind", "to_phase"]
    list_select_related = ["candidacy__person", "candidacy__program", "by"]
    search_fields = ["candidacy__person__first_name", "candidacy__person__last_name", "reason"]
    date_hierarchy = "at"


@admin.register(Facilitation)
class FacilitationAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["__str__", "person", "school", "meeting_type", "model_used", "minutes"]
    list_filter = ["meeting_type", "model_used", "person__district"]
    list_select_related = ["person", "school"]
    search_fields = ["person__first_name", "person__last_name", "school__name"]
    autocomplete_fields = ["person", "school", "logged_by"]
    date_hierarchy = "held_on"


@admin.register(Submission)
class SubmissionAdmin(ViewOnlyMixin, SiteAdmin):
    """Started, submitted and decided through the services (each step on the timeline)."""

    list_display = ["__str__", "purpose", "attempt", "outcome", "total", "submitted_at"]
    list_filter = ["purpose", "outcome"]
    list_select_related = ["candidacy__person", "candidacy__program"]
    search_fields = ["candidacy__person__first_name", "candidacy__person__last_name"]
    date_hierarchy = "created_at"


class RevokeForm(ActionForm):
    reason = forms.CharField(
        required=False,
        label="Reason (to revoke)",
        widget=forms.TextInput(attrs={"size": 40}),
    )


@admin.register(Certificate)
class CertificateAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["number", "candidacy", "issued_on", "expires_on", "status", "revoked_at"]
    list_filter = ["status", "candidacy__program"]
    list_select_related = ["candidacy__person", "candidacy__program"]
    search_fields = [
        "number",
        "candidacy__person__first_name",
        "candidacy__person__last_name",
        "candidacy__person__email",
    ]
    date_hierarchy = "issued_on"
    action_form = RevokeForm
    actions = ["revoke"]

    @admin.action(description="Revoke the selected certificates (type the reason)")
    def revoke(self, request, queryset):
        reason = request.POST.get("reason", "")
        run_service(
            self,
            request,
            queryset.select_related("candidacy__person"),
            lambda certificate: certificates.certificate_revoke(
                certificate=certificate, by=request.user, reason=reason
            ),
            "certificates revoked",
        )


@admin.register(AnnualMinimumRecord)
class AnnualMinimumRecordAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["person", "program", "year_start", "count", "minimum", "met", "certified"]
    list_filter = ["met", "certified", "program"]
    list_select_related = ["person", "program"]
    search_fields = ["person__first_name", "person__last_name"]
    date_hierarchy = "year_start"
