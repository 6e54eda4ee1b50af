"""Lists: filtered, searched and sorted in the database by a django-filter FilterSet, then cut
into pages of 50 (`paginate`). Every list page of the product goes through here, so each one
reads the query string the same way, refuses the same way and pages the same way.

The page links keep the query string (`{% querystring %}` in coaching/_pagination.html), so a
filter, a search or a sort survives paging; the filter form (coaching/_filters.html) keeps what
was typed. It lives below every app because all of them list things (DESIGN.md's direction)."""

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.utils.html import format_html
from django.utils.safestring import mark_safe

PAGE_SIZE = 50


def _attrs(attrs: dict) -> str:
    """Attributes as Django's `attrs.html` writes them: in order, True bare, False left out."""
    return mark_safe(  # noqa: S308 (every part escaped by format_html)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelectMixin:
    """Renders a select in Python, not through a template per option as Django's widgets do:
    the same HTML (Django's `select.html` and `select_option.html`: name, attributes, groups, the
    chosen options marked), about forty times faster. A list's district or cohort filter has
    hundreds of options at network scale, and rendering them was a third of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group, options, _ in widget["optgroups"]:
            if group:
                html.append(format_html('<optgroup label="{}">', group))
            html += [
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else option["value"],
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            ]
            if group:
                html.append("</optgroup>")
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308 (every part escaped by format_html)


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass


QUICK_WIDGETS = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}


class ListFilter(django_filters.FilterSet):
    """The base of every list's FilterSet. Bound to the query string always, so that a default
    (say, active staff only) applies with no parameter at all. A value the form refuses (a
    district outside the user's scope, a phase that does not exist) selects nothing and says why
    on the form: it is never silently dropped, which would show more than was asked."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if type(widget) in QUICK_WIDGETS:
                # The same widget, rendered in Python (its choices stay tied to the field's).
                widget.__class__ = QUICK_WIDGETS[type(widget)]
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field, forms.CharField) and type(widget) is forms.TextInput:
                widget.input_type = "search"
            # Also the answer to a value outside the user's scope (another district's id).
            field.error_messages["invalid_choice"] = (
                "Choose one from the list: that one is not offered to you."
            )

    @property
    def qs(self):
        if not self.is_valid():
            for name in self.form.errors:
                if name in self.form.fields:
                    attrs = self.form.fields[name].widget.attrs
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            return self.queryset.none()
        return super().qs

    @property
    def is_filtered(self) -> bool:
        """Did the visitor ask for anything (a filter, a search, a sort)? For "Clear them"."""
        return any(self.data.get(name) for name in self.filters)


class Sort(django_filters.OrderingFilter):
    """An OrderingFilter whose every order ends on the primary key, so that no row changes pages
    between two requests when the chosen column has ties."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


def words(value: str) -> list[str]:
    """A search box's words: every one must match (commas count as spaces)."""
    return value.replace(",", " ").split()


def paginate(request, queryset, *, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page of `queryset` the query string asks for (`?page=`), 50 rows by default; a page
    number past the end, or not a number, gives the last or the first page."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))
