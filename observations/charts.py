"""A small line chart drawn as inline SVG on the server: no script and nothing from the internet.

Each series is drawn in `currentColor` inside a `chart-series-<n>` class, whose colour the site's
stylesheet gives (static/css/site.css); the legend's swatches take the same class. No style
attribute, so the page's Content-Security-Policy needs no 'unsafe-inline'."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SERIES_CLASSES = 8  # chart-series-0 to chart-series-7 in site.css; then they repeat


def series_class(index: int) -> str:
    return f"chart-series-{index % SERIES_CLASSES}"


# How each relation's line is drawn, so that a self-assessment and a supervisor's rating of the
# same function stay distinct even when their values are equal: the dash of the line and the
# shape of the point (SVG presentation attributes, which the CSP allows), and a small sideways
# offset of each series' points so that identical values do not cover each other.
RELATION_STYLES = {
    "self": {"dash": "", "shape": "circle", "label": "solid line, filled dots"},
    "supervisor": {"dash": "6 4", "shape": "square", "label": "dashed line, open squares"},
    "associate": {"dash": "2 3", "shape": "diamond", "label": "dotted line, open diamonds"},
}


@dataclass
class Series:
    """One line: `name`, a value (or None) at each x label, the colour index (one per function)
    and the relation whose style draws it."""

    name: str
    values: list
    colour: int
    relation: str = "self"


def _point(shape: str, px: float, py: float) -> str:
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="4" fill="currentColor"/>', f"{px:.1f}", f"{py:.1f}"
        )
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="#fff" stroke="currentColor" stroke-width="2"/>',
            f"{px - 4:.1f}",
            f"{py - 4:.1f}",
        )
    return format_html(
        '<polygon points="{}" fill="#fff" stroke="currentColor" stroke-width="2"/>',
        f"{px:.1f},{py - 5:.1f} {px + 5:.1f},{py:.1f} {px:.1f},{py + 5:.1f} {px - 5:.1f},{py:.1f}",
    )


def line_chart(*, series: list[Series], labels: list[str], low=1, high=4) -> str:
    """One line per series over the x labels, on a y scale from `low` to `high`. The numbers are
    also given as a table beside the chart by the page; the SVG is labelled for screen readers."""
    width, height, left, right, top, bottom = 640, 260, 40, 16, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    spread = len(series)

    def x(i, k=0):
        base = left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)
        return base + (k - (spread - 1) / 2) * 3  # each series a little aside of the others

    def y(v):
        return top + plot_h * (high - v) / (high - low)

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dee2e6"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#6c757d">{}</text>',
        (
            (left, width - right, f"{y(v):.1f}", f"{y(v):.1f}", left - 6, f"{y(v) + 4:.1f}", v)
            for v in range(low, high + 1)
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#6c757d">{}</text>',
        ((f"{x(i):.1f}", height - 12, label) for i, label in enumerate(labels)),
    )
    lines = []
    for k, line in enumerate(series):
        style = RELATION_STYLES.get(line.relation, RELATION_STYLES["self"])
        points = [(x(i, k), y(v)) for i, v in enumerate(line.values) if v is not None]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        lines.append(
            format_html(
                '<g class="{}"><title>{}</title><polyline points="{}" fill="none" '
                'stroke="currentColor" stroke-width="2.5"{}/>{}</g>',
                series_class(line.colour),
                line.name,
                path,
                format_html(' stroke-dasharray="{}"', style["dash"]) if style["dash"] else "",
                mark_safe("".join(_point(style["shape"], px, py) for px, py in points)),  # noqa: S308
            )
        )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" class="chart">{}{}{}</svg>',
        width,
        height,
        "Level of each essential function over time, self-assessments and other ratings",
        grid,
        ticks,
        mark_safe("".join(lines)),  # noqa: S308 - built from format_html pieces above
    )


def legend(names: list[str]) -> list[tuple[str, str]]:
    """(name, class) of each series, in the chart's order: the class gives the swatch its colour."""
    return [(name, series_class(i)) for i, name in enumerate(names)]
