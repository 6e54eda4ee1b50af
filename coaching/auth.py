def axes_username(request, credentials):
    """The account a sign-in attempt is for, as django-axes counts failures: the e-mail address in
    lower case, so that "PAT@x.org" and "pat@x.org" share one count (sign-in ignores case too)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


class RolePermissionBackend:
    """Grants Django permissions from role memberships, so that an app that knows nothing of roles
    (rubrics) can ask `user.has_perm(...)`. It authenticates no one."""

    ASSOCIATE_PERMISSIONS = frozenset(
        {
            "rubrics.add_rubric",
            "rubrics.change_rubric",
            "rubrics.delete_rubric",
            "rubrics.adjudicate_review",
            "rubrics.view_agreement",
        }
    )

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        from .selectors import roles_of

        if not user_obj.is_active:
            return False
        return perm in self.ASSOCIATE_PERMISSIONS and roles_of(user_obj).is_associate

    def has_module_perms(self, user_obj, app_label):
        return False
