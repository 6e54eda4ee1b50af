from django import template

register = template.Library()


@register.filter
def percent(value):
    """0.875 → "88%"; None → "—"."""
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def kappa(value):
    """A kappa to two decimals; None (undefined) → "—"."""
    return "—" if value is None else f"{value:.2f}"
