"""The inbox's filters (django-filter, core/lists.py): unread only, and one kind of news. Newest
first always, on the index (recipient, -created_at, -id)."""

import django_filters

from core.lists import ListFilter

from ..models import Notification


class InboxFilter(ListFilter):
    show = django_filters.ChoiceFilter(
        label="Show",
        choices=[("unread", "Unread only")],
        empty_label="Everything",
        method="unread_only",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Notification.Kind.choices, empty_label="Every kind"
    )

    def unread_only(self, queryset, name, value):
        return queryset.filter(read_at__isnull=True)
