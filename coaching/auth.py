from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def axes_username(request, credentials):
    """The account a sign-in attempt is for, as django-axes counts failures: the e-mail address in
    lower case, so that "PAT@x.org" and "pat@x.org" share one count (sign-in ignores case too)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


class SignInThrottle(AxesDatabaseHandler):
    """django-axes' database handler with a second count: failures from one address on many
    accounts (password spraying), besides failures on one account from one address (guessing).

    AXES_LOCKOUT_PARAMETERS names both: (account, address) and the address alone. A sign-in from an
    address is paused for AXES_COOLOFF_TIME when that account has failed AXES_FAILURE_LIMIT times
    from it, or when SIGN_IN_ADDRESS_ACCOUNT_LIMIT different accounts have failed from it (then
    for every account). Axes compares one number with one limit, so `get_failures` answers the
    account's failures, raised to the limit while the address is over its own. An address is only
    as good as `client_ip`: someone elsewhere never pauses the real user."""

    def get_failures(self, request, credentials=None) -> int:
        account, address = self.get_user_attempts(request, credentials)
        failures = account.aggregate(n=Sum("failures_since_start"))["n"] or 0
        accounts = address.values("username").distinct().count()
        if accounts >= settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        """On a successful sign-in (AXES_RESET_ON_SUCCESS): forget that account's failures from
        that address, not the address's failures on other accounts, which an attacker holding one
        real account would otherwise wipe by signing in to it now and then."""
        account, _address = self.filter_user_attempts(request, credentials)
        count, _ = account.delete()
        return count


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
    received from to X-Forwarded-For, so the client is the N-th entry from the right: whatever a
    client writes there itself stands further left and is never read."""
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
    ids = districts_visible_to(user).order_by().values_list("pk", flat=True)
    return {f"district:{pk}" for pk in ids}


def rubric_owners(user) -> dict[str, str]:
    """The rubric owners (see rubrics.models.Rubric.owner) this user acts for, each with a name to
    show: an associate of a program run by provider P acts for "provider:P"; the site admin for
    every provider. Cached on the user object, like its roles: one query per request at most."""
    from .models import Provider
    from .selectors import roles_of

    cached = getattr(user, "_rubric_owners_cache", None)
    if cached is not None:
        return cached
    roles = roles_of(user)
    if roles.is_superuser:
        providers = Provider.objects.all()
    elif roles.is_associate:
        providers = Provider.objects.filter(programs__in=roles.associate_program_ids).distinct()
    else:
        providers = Provider.objects.none()
    owners = {
        f"provider:{pk}": name for pk, name in providers.order_by("name").values_list("pk", "name")
    }
    if user.is_authenticated:
        user._rubric_owners_cache = owners
    return owners
