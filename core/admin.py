"""What every app's site admin shares (below the apps, so rubrics, which imports no other app,
uses the same rule as the rest)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class SiteAdminOnly:
    """Only the site admin (a superuser) uses /admin/. Other logins may hold Django permissions
    (an associate holds rubric permissions, for the app's own pages): none of them opens a page
    here, even with is_staff set."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


class SiteAdmin(SiteAdminOnly, admin.ModelAdmin):
    pass


class HistorySiteAdmin(SiteAdminOnly, SimpleHistoryAdmin):
    """A model whose changes are kept (README, "History"): its change page has a "History" button
    with each change, who made it and when. Read only: SIMPLE_HISTORY_REVERT_DISABLED hides the
    revert button, and a past version's page refuses a POST, which simple-history would save as
    it is (past the app's services, and past a read-only admin's refusal to change)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("History is read here, never reverted.")
        return super().history_form_view(request, object_id, version_id, extra_context)
