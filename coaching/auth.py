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


def client_ip(request):
    """The address a sign-in attempt came from, as django-axes counts failures.

    With no proxy in front (CLIENT_PROXY_COUNT = 0) it is the socket's address, and an X-Forwarded-For
    header, which anyone can send, is ignored. Behind N trusted proxies, each appends the address it
    received from to X-Forwarded-For, so the client is the N-th entry from the right."""
    from django.conf import settings

    proxies = settings.CLIENT_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def review_scopes(user):
    """The review scopes (see rubrics.models.Review.scope) whose reviews this user may see and
    adjudicate: a provider associate, those of the districts enrolled in their programs. None means
    every scope (a site admin)."""
    from .selectors import districts_visible_to, roles_of

    roles = roles_of(user)
    if roles.is_superuser:
        return None
    if not roles.is_associate:
        return set()
    ids = districts_visible_to(user).values_list("pk", flat=True)
    return {f"district:{pk}" for pk in ids}
