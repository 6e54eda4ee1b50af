from .notifications.selectors import unread_count
from .selectors import roles_of


def roles(request):
    """`roles` in every template: what the signed-in user may do, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"roles": roles_of(user)}


def notifications(request):
    """`unread_notifications` for the navigation bar: counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
