"""The site admin's view of observations. Submitted notes are never changed (they were sent for
review), so a submitted observation and its timed notes are read-only here; ratings, observations
and videos are history and never deleted (a video is retired instead)."""

from django.contrib import admin

from coaching.admin import (
    LogsContentOpenings,
    NoDeleteMixin,
    SiteAdmin,
    SiteAdminOnly,
    ViewOnlyMixin,
    run_service,
)

from . import services
from .models import Artifact, Observation, PracticeRating, TimedNote, Video


@admin.register(PracticeRating)
class PracticeRatingAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["__str__", "person", "relation", "rated_by", "created_at"]
    list_filter = ["relation"]
    list_select_related = ["person", "rated_by"]
    search_fields = ["person__first_name", "person__last_name", "rated_by__email"]
    autocomplete_fields = ["person", "review", "rated_by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        # A rating starts in the app, with the review it is scored on.
        return False


@admin.register(Video)
class VideoAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["title", "program", "content_type", "size", "is_active", "created_at"]
    list_filter = ["is_active", "program"]
    list_select_related = ["program"]
    search_fields = ["title", "description", "program__name"]
    autocomplete_fields = ["program", "uploaded_by"]
    # The file is checked (type, size) when it is uploaded in the app, and never replaced. It has
    # no URL (it is streamed by a view that checks access): its name is shown, not a link.
    fields = ["program", "title", "description", "is_active"]
    fields += ["file_name", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = ["file_name", "content_type", "size", "uploaded_by", "created_at"]
    date_hierarchy = "created_at"
    actions = ["retire", "restore"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="file")
    def file_name(self, video):
        return video.file.name

    @admin.action(description="Retire the selected videos (no new assignments; notes are kept)")
    def retire(self, request, queryset):
        run_service(
            self, request, queryset, lambda video: self._set_active(video, False), "videos retired"
        )

    @admin.action(description="Restore the selected videos")
    def restore(self, request, queryset):
        run_service(
            self, request, queryset, lambda video: self._set_active(video, True), "videos restored"
        )

    @staticmethod
    def _set_active(video, active):
        services.video_update(
            video=video, title=video.title, description=video.description, is_active=active
        )


class TimedNoteInline(SiteAdminOnly, admin.TabularInline):
    model = TimedNote
    extra = 0
    fields = ["at_seconds", "text"]

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_submitted) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_submitted) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_submitted) and super().has_delete_permission(request, obj)


@admin.register(Observation)
class ObservationAdmin(LogsContentOpenings, NoDeleteMixin, SiteAdmin):
    """Opening an engagement's observation here is logged in its access log (LogsContentOpenings);
    a Key2Ed observation (no engagement) is the pathway's, submitted for review, and is not."""

    list_display = ["__str__", "coach", "setting", "mode", "observed_on", "submitted_at"]
    list_filter = ["setting", "mode", ("submitted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["coach", "facilitator", "video"]
    search_fields = [
        "coach__first_name",
        "coach__last_name",
        "facilitator__first_name",
        "facilitator__last_name",
        "video__title",
    ]
    autocomplete_fields = ["coach", "facilitator", "video"]
    readonly_fields = ["submitted_at", "engagement", "observer"]
    date_hierarchy = "created_at"
    inlines = [TimedNoteInline]

    def has_add_permission(self, request):
        # A coach starts their own observation in the app.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_submitted:
            return False
        return super().has_change_permission(request, obj)


@admin.register(TimedNote)
class TimedNoteAdmin(SiteAdmin):
    list_display = ["__str__", "observation", "at_seconds", "created_at"]
    list_select_related = ["observation__coach", "observation__facilitator", "observation__video"]
    search_fields = ["text", "observation__coach__last_name", "observation__video__title"]
    autocomplete_fields = ["observation"]

    def has_add_permission(self, request):
        # Added on the observation's page, while it is open.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.observation.is_submitted:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.observation.is_submitted:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Artifact)
class ArtifactAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    """An artifact's change page is an opening of its engagement's content (logged). The list
    shows no file name (a name may be content)."""

    list_display = ["__str__", "observation", "content_type", "size", "created_at"]
    list_select_related = ["observation"]
    search_fields = ["observation__engagement__district__name"]
    fields = ["observation", "name", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields

    def engagement_of(self, obj):
        return obj.observation.engagement_id
