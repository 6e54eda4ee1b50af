"""Notifications, the pages: the inbox, opening one, marking all read, the e-mail choices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.lists import paginate

from . import selectors, services
from .filters import InboxFilter
from .forms import EmailPreferencesForm


@login_required
def inbox(request):
    filters = InboxFilter(request.GET, queryset=selectors.inbox(request.user))
    page = paginate(request, filters.qs)
    return render(request, "coaching/notifications/inbox.html", {"filter": filters, "page": page})


@login_required
@require_POST
def notification_open(request, pk):
    notification = selectors.get_notification_for_user(request.user, pk)
    services.mark_read(user=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("coaching:inbox")


@login_required
@require_POST
def notifications_read(request):
    marked = services.mark_read(user=request.user)
    messages.success(request, f"{marked} marked read." if marked else "Nothing was unread.")
    return redirect("coaching:inbox")


@login_required
def notification_settings(request):
    # Every box unticked posts nothing: the form is bound on a POST, however empty.
    data = request.POST if request.method == "POST" else None
    form = EmailPreferencesForm(data, initial=selectors.email_preferences(request.user))
    if request.method == "POST" and form.is_valid():
        services.email_preferences_update(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your e-mail choices are saved.")
        return redirect("coaching:inbox")
    return render(request, "coaching/notifications/settings.html", {"form": form})
