def axes_username(request, credentials):
    """The account a sign-in attempt is for, as django-axes counts failures: the e-mail address in
    lower case, so that "PAT@x.org" and "pat@x.org" share one count (sign-in ignores case too)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
