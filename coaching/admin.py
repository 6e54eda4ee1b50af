from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    Cohort,
    District,
    EmailPreference,
    Enrollment,
    Notification,
    Person,
    Program,
    Provider,
    Registration,
    RoleMembership,
    School,
    TrainingEvent,
    User,
)


class NoDeleteMixin:
    """History is never deleted: records are deactivated instead."""

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = RoleMembership
    extra = 0
    autocomplete_fields = ["program", "district", "school"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
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


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["district"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "kind", "is_active"]
    list_filter = ["kind", "is_active", "provider"]
    search_fields = ["name", "provider__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EnrollmentInline]


@admin.register(District)
class DistrictAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "state", "is_active", "created_at"]
    list_filter = ["is_active", "state"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["district", "program", "enrolled_on"]
    list_filter = ["program"]
    search_fields = ["district__name", "program__name"]
    autocomplete_fields = ["district", "program"]


@admin.register(School)
class SchoolAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "district", "is_active", "updated_at"]
    list_filter = ["is_active", "district"]
    search_fields = ["name", "district__name"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "district", "school", "job_title", "email", "user", "is_active"]
    list_filter = ["is_active", "district"]
    search_fields = ["first_name", "last_name", "email", "job_title"]
    list_select_related = ["district", "school", "user"]
    autocomplete_fields = ["district", "school", "user"]


@admin.register(RoleMembership)
class RoleMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "program", "district", "school", "created_at"]
    list_filter = ["role", "program", "district"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "program", "district", "school"]
    autocomplete_fields = ["user", "program", "district", "school"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "starts_on"]
    list_filter = ["program"]
    search_fields = ["name", "program__name"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "program", "cohort", "starts_at", "capacity"]
    list_filter = ["kind", "program"]
    search_fields = ["title", "location", "program__name"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["person", "event", "attendance", "registered_at", "recorded_at"]
    list_filter = ["attendance", "event__kind"]
    search_fields = ["person__first_name", "person__last_name", "event__title"]
    list_select_related = ["person", "event"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
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
    readonly_fields = ["created_at", "email_sent_at", "email_last_error", "dedupe_key"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "by_email"]
    list_filter = ["kind", "by_email"]
    search_fields = ["user__email"]
