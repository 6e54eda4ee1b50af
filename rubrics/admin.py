"""The site admin's view of rubrics. What is published or final is frozen: a published version and
its levels, domains, criteria and descriptors are read here, never edited (a change is a new
version, made in the app); a final scoresheet and its scores are read-only (a database trigger
refuses their update, so a save would fail). Reviews and scoresheets are history: never deleted."""

from django.contrib import admin

from core.admin import SiteAdmin, SiteAdminOnly

from .models import (
    Criterion,
    Descriptor,
    Domain,
    Level,
    Review,
    Rubric,
    RubricVersion,
    Score,
    ScorePair,
    Scoresheet,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


def _published(version) -> bool:
    return version is not None and version.status == RubricVersion.Status.PUBLISHED


class VersionPartAdmin(SiteAdmin):
    """A level, domain, criterion or descriptor: editable while its version is a draft."""

    def version_of(self, obj):
        return obj.version

    def has_change_permission(self, request, obj=None):
        if obj is not None and _published(self.version_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _published(self.version_of(obj)):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Rubric)
class RubricAdmin(SiteAdmin):
    list_display = ["name", "owner", "is_sample", "created_at"]
    list_filter = ["is_sample", "owner"]
    search_fields = ["name", "slug", "owner"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        # Deleting a rubric deletes its versions: never one that was published.
        if obj is not None and obj.versions.filter(status=RubricVersion.Status.PUBLISHED).exists():
            return False
        return super().has_delete_permission(request, obj)


class LevelInline(SiteAdminOnly, admin.TabularInline):
    model = Level
    extra = 0
    fields = ["label", "points", "position"]


class DomainInline(SiteAdminOnly, admin.TabularInline):
    model = Domain
    extra = 0
    fields = ["name", "description", "position"]


@admin.register(RubricVersion)
class RubricVersionAdmin(SiteAdmin):
    list_display = ["__str__", "rubric", "number", "status", "passing_total", "published_at"]
    list_filter = ["status", "rubric"]
    list_select_related = ["rubric"]
    search_fields = ["rubric__name"]
    autocomplete_fields = ["rubric"]
    readonly_fields = ["status", "published_at", "published_by"]
    date_hierarchy = "created_at"
    inlines = [LevelInline, DomainInline]

    def has_change_permission(self, request, obj=None):
        # Published: frozen. Its scores keep meaning what they meant; a change is a new version.
        if _published(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A published version may be scored on, or named by a program: it is kept for good.
        if _published(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Level)
class LevelAdmin(VersionPartAdmin):
    list_display = ["label", "points", "position", "version"]
    list_filter = ["version__status", "version__rubric"]
    list_select_related = ["version__rubric"]
    search_fields = ["label", "version__rubric__name"]
    autocomplete_fields = ["version"]


@admin.register(Domain)
class DomainAdmin(VersionPartAdmin):
    list_display = ["name", "position", "version"]
    list_filter = ["version__status", "version__rubric"]
    list_select_related = ["version__rubric"]
    search_fields = ["name", "version__rubric__name"]
    autocomplete_fields = ["version"]


@admin.register(Criterion)
class CriterionAdmin(VersionPartAdmin):
    list_display = ["__str__", "domain", "position", "version"]
    list_filter = ["version__status", "version__rubric"]
    list_select_related = ["version__rubric", "domain"]
    search_fields = ["text", "domain__name", "version__rubric__name"]
    autocomplete_fields = ["version", "domain"]


@admin.register(Descriptor)
class DescriptorAdmin(VersionPartAdmin):
    list_display = ["__str__", "criterion", "level"]
    list_filter = ["level__version__status", "level__version__rubric"]
    list_select_related = ["criterion", "level"]
    search_fields = ["text", "criterion__text"]
    autocomplete_fields = ["criterion", "level"]

    def version_of(self, obj):
        return obj.level.version


@admin.register(Review)
class ReviewAdmin(NoDeleteMixin, SiteAdmin):
    """A review is decided by its reviewers' final sheets (or an adjudication) in the app: its
    status and verdict are read here."""

    list_display = ["subject_label", "version", "scope", "blind", "status", "passed", "created_at"]
    list_filter = ["status", "passed", "blind", "version__rubric"]
    list_select_related = ["version__rubric"]
    search_fields = ["subject_label", "scope", "version__rubric__name"]
    autocomplete_fields = ["version"]
    # Who is scored (subject_user) is set by the app that owns the subject; the verdict by scoring.
    readonly_fields = ["subject_user", "status", "passed", "decided_by", "decided_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        # Created by the app that owns the subject, which keeps a foreign key to it.
        return False


class ScoreInline(SiteAdminOnly, admin.TabularInline):
    """The sheet's scores, read at a glance; a draft's scores are changed one by one (Scores)."""

    model = Score
    extra = 0
    fields = ["criterion", "level", "comment"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion", "level")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Scoresheet)
class ScoresheetAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["__str__", "reviewer", "status", "created_at", "finalized_at"]
    list_filter = ["status", "review__version__rubric"]
    list_select_related = ["reviewer", "review__version__rubric"]
    search_fields = [
        "review__subject_label",
        "reviewer__email",
        "reviewer__first_name",
        "reviewer__last_name",
    ]
    autocomplete_fields = ["review", "reviewer"]
    readonly_fields = ["status", "finalized_at"]
    date_hierarchy = "created_at"
    inlines = [ScoreInline]

    def has_add_permission(self, request):
        # A reviewer starts their sheet in the app, on the review's version.
        return False

    def has_change_permission(self, request, obj=None):
        # Final: frozen (the service refuses and a database trigger refuses the UPDATE).
        if obj is not None and obj.is_final:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Score)
class ScoreAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["__str__", "sheet", "criterion", "level"]
    list_filter = ["sheet__status", "sheet__review__version__rubric"]
    list_select_related = [
        "criterion",
        "level",
        "sheet__reviewer",
        "sheet__review__version__rubric",
    ]
    search_fields = ["sheet__review__subject_label", "sheet__reviewer__email", "criterion__text"]
    autocomplete_fields = ["sheet", "criterion", "level"]

    def has_add_permission(self, request):
        # A sheet's scores are made with the sheet, one per criterion of its version.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.sheet.is_final:
            return False
        return super().has_change_permission(request, obj)


@admin.register(ScorePair)
class ScorePairAdmin(NoDeleteMixin, SiteAdmin):
    """The agreement report's stored pairs: written by settling a blind review, read here only."""

    list_display = ["review", "criterion", "version", "level_a", "level_b", "completed_on"]
    list_filter = ["completed_on"]
    list_select_related = ["review__version__rubric", "criterion", "version__rubric"]
    search_fields = ["reviewer_a__email", "reviewer_b__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
