"""The site admin's view of coaching. Records with history are never deleted here: people, logins,
districts, schools and programs are deactivated instead, through the same services the app uses.
Every relation to a large table is an autocomplete (there may be 20,000 staff), and every list
selects what its columns show, so no page costs more as the tables grow."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError

from core.admin import HistorySiteAdmin, SiteAdmin, SiteAdminOnly

from . import services
from .models import (
    ActionStep,
    CalendarFeed,
    CheckIn,
    CoachingSession,
    Cohort,
    ContentOpening,
    Course,
    CourseAnswer,
    CoursePair,
    CourseQuestion,
    CourseResource,
    CourseRun,
    CourseSession,
    CourseStage,
    CourseUnit,
    CycleChange,
    District,
    EmailPreference,
    Engagement,
    Enrollment,
    Goal,
    GrowthArtifact,
    Invitation,
    Notification,
    Partnership,
    PeerPlan,
    PeerTeam,
    Person,
    PlannedSession,
    Program,
    Provider,
    Reflection,
    Registration,
    RoleChange,
    RoleMembership,
    RunQuestion,
    RunSession,
    School,
    StageChange,
    Team,
    TimeRequest,
    TrainingEvent,
    User,
)
from .services import openings
from .services.roles import role_change_record


class NoDeleteMixin:
    """History is never deleted: records are deactivated (or revoked) instead. The bulk "delete
    selected" action goes too."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ViewOnlyMixin(NoDeleteMixin):
    """A record written by a service, with its history around it (a timeline entry, a notification
    sent): the site admin reads it; changing it here would bypass what the service keeps."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LogsContentOpenings:
    """The admin of a model with coaching content (DESIGN.md, "Privacy of coaching"): opening one
    record's change page is logged as an opening by a non-party (`content_opening_record`), which
    the coachee and the coaches see under "Who opened my records". Its changelist shows no content
    column (a test holds it), so a list is not an opening. `engagement_of` names the record's
    engagement (the record itself, for an engagement; None for a record of no engagement, such as
    a Key2Ed observation, which is not logged)."""

    def engagement_of(self, obj):
        return obj.engagement_id

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = (
                response.context_data.get("original") if hasattr(response, "context_data") else None
            )
            if obj is not None and self.engagement_of(obj) is not None:
                openings.content_opening_record(
                    engagement=self.engagement_of(obj),
                    by=request.user,
                    record=obj,
                    how=ContentOpening.How.ADMIN,
                )
        return response


def run_service(modeladmin, request, queryset, step, done):
    """Call `step(obj)` for each selected record, one by one through the app's service; a refusal
    becomes a message naming the record, and the others still go through. Each change done is
    kept in the record's admin history."""
    count = 0
    for obj in queryset:
        try:
            step(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            modeladmin.log_change(request, obj, done[0].upper() + done[1:])
            count += 1
    if count:
        modeladmin.message_user(request, f"{count} {done}.", messages.SUCCESS)


def _record_role_changes(request, saved, deleted, before):
    """Roles changed here are kept in the roles' history (RoleChange) like the app's: a removal,
    a new role, and an edited one as the old removed and the new given."""
    for membership in deleted:
        role_change_record(membership=membership, action=RoleChange.Action.REVOKED, by=request.user)
    for membership in saved:
        old = before.get(membership.pk)
        if old is not None:
            role_change_record(membership=old, action=RoleChange.Action.REVOKED, by=request.user)
        role_change_record(membership=membership, action=RoleChange.Action.GRANTED, by=request.user)


def _as_saved(memberships):
    """The memberships as the database holds them now, by id: to record what an edit replaced."""
    ids = [m.pk for m in memberships if m.pk]
    return {m.pk: m for m in RoleMembership.objects.filter(pk__in=ids)}


class MembershipInline(SiteAdminOnly, admin.TabularInline):
    """A login's roles. Each row's autocomplete loads its one chosen scope (a query a row: a login
    holds a handful of roles); the row's title is selected with the rows."""

    model = RoleMembership
    extra = 0
    autocomplete_fields = ["program", "district", "school"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "program", "district", "school")


@admin.register(User)
class UserAdmin(SiteAdminOnly, NoDeleteMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    date_hierarchy = "date_joined"
    inlines = [MembershipInline]
    actions = ["deactivate", "reactivate"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleMembership:
            return super().save_formset(request, form, formset, change)
        changed = [f.instance for f in formset.forms if f.has_changed() and f.instance.pk]
        before = _as_saved(changed)
        instances = formset.save()
        _record_role_changes(request, instances, formset.deleted_objects, before)

    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )

    @admin.action(description="Deactivate the selected logins (they can no longer sign in)")
    def deactivate(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda user: services.user_set_active(user=user, active=False, by=request.user),
            "logins deactivated",
        )

    @admin.action(description="Reactivate the selected logins")
    def reactivate(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda user: services.user_set_active(user=user, active=True, by=request.user),
            "logins reactivated",
        )


@admin.register(Provider)
class ProviderAdmin(SiteAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class EnrollmentInline(SiteAdminOnly, admin.TabularInline):
    """A program's districts. Each row's autocomplete loads its chosen district (a query a row);
    the row's title is selected with the rows."""

    model = Enrollment
    extra = 0
    autocomplete_fields = ["district"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district", "program")


@admin.register(Program)
class ProgramAdmin(NoDeleteMixin, HistorySiteAdmin):
    list_display = ["name", "provider", "kind", "is_active"]
    list_filter = ["kind", "is_active", "provider"]
    list_select_related = ["provider"]
    search_fields = ["name", "provider__name"]
    autocomplete_fields = ["provider"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EnrollmentInline]


@admin.register(District)
class DistrictAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["name", "state", "is_active", "created_at"]
    list_filter = ["is_active", "state"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Enrollment)
class EnrollmentAdmin(SiteAdmin):
    list_display = ["district", "program", "enrolled_on"]
    list_filter = ["program"]
    list_select_related = ["district", "program"]
    search_fields = ["district__name", "program__name"]
    autocomplete_fields = ["district", "program"]
    date_hierarchy = "enrolled_on"


@admin.register(School)
class SchoolAdmin(NoDeleteMixin, HistorySiteAdmin):
    list_display = ["name", "district", "is_active", "updated_at"]
    list_filter = ["is_active", "district"]
    search_fields = ["name", "district__name"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]
    actions = ["deactivate", "reactivate"]

    @admin.action(description="Deactivate the selected schools")
    def deactivate(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda school: services.school_set_active(school=school, active=False),
            "schools deactivated",
        )

    @admin.action(description="Reactivate the selected schools")
    def reactivate(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda school: services.school_set_active(school=school, active=True),
            "schools reactivated",
        )


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, HistorySiteAdmin):
    list_display = ["__str__", "district", "school", "job_title", "email", "user", "is_active"]
    list_filter = ["is_active", "district"]
    search_fields = ["first_name", "last_name", "email", "job_title"]
    list_select_related = ["district", "school", "user"]
    autocomplete_fields = ["district", "school", "user"]
    # Deactivating goes through the roster's service, which also disables the login where it is
    # the district's alone (and reactivating restores it): the actions below, not a checkbox.
    readonly_fields = ["is_active", "login_disabled_with_roster"]
    actions = ["deactivate", "reactivate"]

    def get_readonly_fields(self, request, obj=None):
        # A person stays in their district: their records (candidacies, which keep the district
        # on their row for the scopes) are the district's.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "district"] if obj is not None else fields

    @admin.action(description="Deactivate the selected people (and their district-only logins)")
    def deactivate(self, request, queryset):
        run_service(
            self,
            request,
            queryset.select_related("user", "district"),
            lambda person: services.person_set_active(person=person, active=False, by=request.user),
            "people deactivated",
        )

    @admin.action(description="Reactivate the selected people")
    def reactivate(self, request, queryset):
        run_service(
            self,
            request,
            queryset.select_related("user", "district"),
            lambda person: services.person_set_active(person=person, active=True, by=request.user),
            "people reactivated",
        )


@admin.register(RoleMembership)
class RoleMembershipAdmin(HistorySiteAdmin):
    list_display = ["user", "role", "program", "district", "school", "created_at"]
    list_filter = ["role", "program", "district"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "program", "district", "school"]
    autocomplete_fields = ["user", "program", "district", "school"]

    def save_model(self, request, obj, form, change):
        before = _as_saved([obj]) if change else {}
        super().save_model(request, obj, form, change)
        _record_role_changes(request, [obj], [], before)

    def delete_model(self, request, obj):
        _record_role_changes(request, [], [obj], {})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _record_role_changes(request, [], list(queryset), {})
        super().delete_queryset(request, queryset)


@admin.register(RoleChange)
class RoleChangeAdmin(ViewOnlyMixin, SiteAdmin):
    """The history of roles, written by the app and by the pages above: read here, never changed."""

    list_display = ["at", "user", "action", "role", "program", "district", "school", "by"]
    list_filter = ["action", "role", "district"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "by__email"]
    list_select_related = ["user", "program", "district", "school", "by"]
    date_hierarchy = "at"


@admin.register(Invitation)
class InvitationAdmin(ViewOnlyMixin, HistorySiteAdmin):
    """Invitations to sign in, as the staff pages send them. The token is not here: only its
    digest is stored, and it is not shown."""

    list_display = ["sent_to", "person", "invited_by", "created_at", "expires_at", "used_at"]
    list_filter = ["used_at", "superseded_at"]
    search_fields = ["sent_to", "person__first_name", "person__last_name"]
    list_select_related = ["person", "invited_by"]
    exclude = ["token_hash"]
    date_hierarchy = "created_at"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ViewOnlyMixin, SiteAdmin):
    """Who has a calendar feed, and when it was last reset. The address is not here: only its
    token's digest is stored, and it is not shown."""

    list_display = ["user", "created_at", "reset_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    exclude = ["token_hash"]


@admin.register(Cohort)
class CohortAdmin(SiteAdmin):
    list_display = ["name", "program", "starts_on"]
    list_filter = ["program"]
    list_select_related = ["program"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program", "members"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(SiteAdmin):
    """Cancelling is the event page's (it tells the registrants and raises the calendar
    sequence): read here."""

    list_display = ["__str__", "kind", "program", "cohort", "starts_at", "capacity", "cancelled_at"]
    list_filter = ["kind", "program", ("cancelled_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["cancelled_at", "cancelled_by", "sequence"]
    list_select_related = ["program", "cohort"]
    search_fields = ["title", "location", "program__name"]
    autocomplete_fields = ["program", "cohort", "created_by", "invitees"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["person", "event", "attendance", "registered_at", "recorded_at"]
    list_filter = ["attendance", "event__kind"]
    search_fields = ["person__first_name", "person__last_name", "event__title"]
    list_select_related = ["person", "event"]
    autocomplete_fields = ["event", "person", "registered_by", "recorded_by"]
    date_hierarchy = "registered_at"


@admin.register(Notification)
class NotificationAdmin(ViewOnlyMixin, SiteAdmin):
    """What someone was told, and when it was e-mailed: written with the event that caused it."""

    list_display = [
        "subject",
        "recipient",
        "kind",
        "created_at",
        "read_at",
        "email",
        "email_attempts",
    ]
    list_filter = ["kind", "email"]
    search_fields = ["subject", "recipient__email", "email_last_error"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(EmailPreference)
class EmailPreferenceAdmin(SiteAdmin):
    list_display = ["user", "kind", "by_email"]
    list_filter = ["kind", "by_email"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


# What a row showing its engagement (`str(engagement)`: the coachee in words) selects with it.
ENGAGEMENT_LABEL = [
    "engagement__coachee_person",
    "engagement__coachee_team",
    "engagement__coachee_school",
    "engagement__district",
]

# --- engagements: activity in the lists; what the parties write is coaching content, and every
# opening of it here by anyone not a party is to be logged (issue 12, "Privacy"). Written by the
# app's services (agreement, stage history, sessions, steps): read here, changed in the app.


@admin.register(Team)
class TeamAdmin(NoDeleteMixin, SiteAdmin):
    list_display = ["name", "district", "school"]
    list_filter = ["district"]
    list_select_related = ["district", "school"]
    search_fields = ["name", "district__name"]
    autocomplete_fields = ["district", "school", "members"]


@admin.register(Engagement)
class EngagementAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    list_display = ["pk", "model", "level", "coachee_kind", "district", "coach", "status", "stage"]
    list_filter = ["status", "level", "model", "district"]
    list_select_related = ["district", "coach"]
    search_fields = ["district__name", "coach__email", "coach__last_name"]
    date_hierarchy = "starts_on"

    def engagement_of(self, obj):
        return obj.pk


@admin.register(Goal)
class GoalAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "engagement", "met_on"]
    list_select_related = ENGAGEMENT_LABEL
    search_fields = ["engagement__district__name"]


@admin.register(StageChange)
class StageChangeAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    list_display = ["engagement", "from_stage", "to_stage", "changed_on", "changed_by"]
    list_select_related = [*ENGAGEMENT_LABEL, "changed_by"]
    search_fields = ["engagement__district__name"]


@admin.register(CoachingSession)
class CoachingSessionAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    list_display = ["engagement", "held_on", "minutes", "mode", "self_monitoring", "logged_by"]
    list_filter = ["mode", "self_monitoring"]
    list_select_related = [*ENGAGEMENT_LABEL, "logged_by"]
    search_fields = ["engagement__district__name", "logged_by__email"]
    date_hierarchy = "held_on"


@admin.register(PlannedSession)
class PlannedSessionAdmin(ViewOnlyMixin, SiteAdmin):
    """Planned sessions (activity), as the engagement page plans, cancels and logs them."""

    list_display = ["engagement", "starts_at", "minutes", "mode", "status_display", "scheduled_by"]
    list_filter = ["mode", ("cancelled_at", admin.EmptyFieldListFilter)]
    list_select_related = [*ENGAGEMENT_LABEL, "scheduled_by"]
    search_fields = ["engagement__district__name", "scheduled_by__email"]
    date_hierarchy = "starts_at"


@admin.register(ActionStep)
class ActionStepAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "engagement", "status", "follow_up_on", "set_by"]
    list_filter = ["status"]
    list_select_related = [*ENGAGEMENT_LABEL, "set_by"]
    search_fields = ["engagement__district__name"]
    date_hierarchy = "follow_up_on"


# --- check-ins and the access log (issue 12) ------------------------------------------------------


@admin.register(CheckIn)
class CheckInAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "engagement", "kind", "asked_at", "due_at", "answered_at"]
    list_filter = ["kind"]
    list_select_related = ENGAGEMENT_LABEL
    search_fields = ["engagement__district__name"]
    date_hierarchy = "asked_at"


@admin.register(ContentOpening)
class ContentOpeningAdmin(ViewOnlyMixin, SiteAdmin):
    """The access log is written by the application alone and never changed or deleted."""

    list_display = ["opened_at", "opened_by", "record_label", "how", "engagement"]
    list_filter = ["how"]
    list_select_related = [*ENGAGEMENT_LABEL, "opened_by"]
    search_fields = ["opened_by__email", "record_label"]
    date_hierarchy = "opened_at"


# --- coach-training courses ----------------------------------------------------------------------


class CourseStageInline(admin.TabularInline):
    model = CourseStage
    extra = 0


@admin.register(Course)
class CourseAdmin(SiteAdmin):
    """A course's outline: its stages here, their units and sessions on their own pages."""

    list_display = ["name", "program", "is_sample"]
    list_select_related = ["program"]
    raw_id_fields = ["program"]
    inlines = [CourseStageInline]


class CourseUnitInline(admin.TabularInline):
    model = CourseUnit
    extra = 0


@admin.register(CourseStage)
class CourseStageAdmin(SiteAdmin):
    list_display = ["__str__", "course"]
    list_select_related = ["course"]
    raw_id_fields = ["course"]
    inlines = [CourseUnitInline]


class CourseSessionInline(admin.TabularInline):
    model = CourseSession
    extra = 0
    fields = ["number", "title", "duration_minutes"]


@admin.register(CourseUnit)
class CourseUnitAdmin(SiteAdmin):
    list_display = ["__str__", "stage"]
    list_select_related = ["stage"]
    raw_id_fields = ["stage"]
    inlines = [CourseSessionInline]


class CourseQuestionInline(admin.TabularInline):
    model = CourseQuestion
    extra = 0


class CourseResourceInline(admin.TabularInline):
    model = CourseResource
    extra = 0


@admin.register(CourseSession)
class CourseSessionAdmin(SiteAdmin):
    """A session's four parts (the facilitator's notes and timings), its questions and resources.
    A change here is the course's: a cohort's run keeps its own copy of the questions."""

    list_display = ["__str__", "duration_minutes"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    inlines = [CourseQuestionInline, CourseResourceInline]


@admin.register(CourseRun)
class CourseRunAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "facilitator", "created_at"]
    list_select_related = ["course", "cohort", "facilitator"]


@admin.register(CourseAnswer)
class CourseAnswerAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    """A coach's answer is content (the coach's and the facilitator's): read-only here, and its
    list shows no text."""

    list_display = ["__str__", "person", "answered_at", "follow_up"]
    list_select_related = ["person"]
    raw_id_fields = ["question", "person"]

    def engagement_of(self, obj):
        return None  # an answer is of a course, not of an engagement: not in an access log


@admin.register(CourseQuestion)
class CourseQuestionAdmin(SiteAdmin):
    list_display = ["__str__", "session", "part", "position"]
    list_select_related = ["session__unit"]
    raw_id_fields = ["session"]
    search_fields = ["text"]


@admin.register(CourseResource)
class CourseResourceAdmin(SiteAdmin):
    list_display = ["title", "kind", "session"]
    list_select_related = ["session__unit"]
    raw_id_fields = ["session"]
    search_fields = ["title"]


@admin.register(RunSession)
class RunSessionAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "run", "event", "adapted"]
    list_select_related = ["session__unit", "run__course", "run__cohort", "event"]


@admin.register(RunQuestion)
class RunQuestionAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "run_session", "part", "hidden"]
    list_select_related = ["run_session__session__unit"]


@admin.register(CoursePair)
class CoursePairAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "engagement", "created_at"]
    list_select_related = ["run__course", "run__cohort", *ENGAGEMENT_LABEL]


# --- peer coaching in a school: written by the app's services, read here. The partner's
# reflections, artifacts and time requests are coaching content: opening one here is logged for
# the pair, as for an engagement's records. The plan is the team's (no engagement: not logged).


@admin.register(PeerTeam)
class PeerTeamAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "program", "created_at"]
    list_select_related = ["school", "program"]
    search_fields = ["school__name", "program__name"]


@admin.register(PeerPlan)
class PeerPlanAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["team", "version", "written_at", "endorsed_on"]
    list_select_related = ["team__school"]
    search_fields = ["team__school__name"]


@admin.register(Partnership)
class PartnershipAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["__str__", "team", "school_year", "step", "continue_answer", "decision"]
    list_filter = ["step", "school_year", "decision"]
    list_select_related = ["team__school"]
    search_fields = ["team__school__name"]


@admin.register(CycleChange)
class CycleChangeAdmin(ViewOnlyMixin, SiteAdmin):
    list_display = ["partnership", "from_step", "to_step", "changed_at", "changed_by"]
    list_select_related = ["partnership", "changed_by"]
    date_hierarchy = "changed_at"


class PartnershipContentAdmin(LogsContentOpenings, ViewOnlyMixin, SiteAdmin):
    list_select_related = ["partnership"]
    search_fields = ["partnership__team__school__name"]

    def engagement_of(self, obj):
        return obj.partnership.engagement_id


@admin.register(GrowthArtifact)
class GrowthArtifactAdmin(PartnershipContentAdmin):
    list_display = ["__str__", "partnership", "content_type", "size", "created_at"]
    exclude = ["file"]


@admin.register(Reflection)
class ReflectionAdmin(PartnershipContentAdmin):
    list_display = ["__str__", "partnership", "written_at"]


@admin.register(TimeRequest)
class TimeRequestAdmin(PartnershipContentAdmin):
    list_display = ["__str__", "partnership", "asked_at", "scheduled_for"]
