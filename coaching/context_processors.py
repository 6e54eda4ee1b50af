from .selectors import roles_of


def roles(request):
    """`roles` in every template: what the signed-in user may do, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"roles": roles_of(user)}
