"""Each role's home is its dashboard (DESIGN.md, "Reports and data in and out"): what waits for the
person, and charts with their numbers beside them.

A dashboard is made of panels: `Waiting` (a list of what waits, its first few items, its count and
the list page behind it) and `Chart` (bars with their numbers, each bar linking to the list behind
it). Coaching builds its own panels here; an app above coaching (certification) plugs its panels in
through `settings.DASHBOARD_PANELS`, a list of dotted paths to functions `(user, roles, today) ->
list of panels`, as it plugs its training rules in through `settings.TRAINING_RULES`: coaching
never imports the apps that depend on it.

Privacy: the principal's and the district admin's panels are built from activity alone (dates,
minutes, modes, activities, stages, counts); only the coach's own panels name what is content to
them (their steps, the check-ins they answer)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from ..models import CheckIn, CoachingSession, Engagement, Invitation, User
from . import Roles, roles_of
from .engagements import (
    engagements_at_schools,
    engagements_coached_by,
    quiet_days,
    steps_due_for_coach,
)
from .training import event_list

# The site's dashboards version: part of every cached dashboard's key, bumped by any change to
# what they count (services/dashboards.py).
VERSION_KEY = "dashboards:version"


def dashboards_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


SHOWN = 5  # the first few items of each list; the count and the list page tell the rest
SECTIONS = ("district_admin", "associate", "coach", "principal")


@dataclass
class Item:
    label: str
    url: str
    detail: str = ""
    overdue: bool = False


@dataclass
class Waiting:
    """What waits for the person: the first `SHOWN` items, how many in all, the full list."""

    section: str
    key: str
    title: str
    items: list[Item]
    count: int
    url: str
    empty: str = "Nothing waiting."
    kind: str = field(default="waiting", init=False)


@dataclass
class Bar:
    value: float | None  # None: nothing to measure (shown as a dash, drawn as no bar)
    url: str = ""
    # Drawn by the partial: the bar's length in the SVG's units.
    length: float = 0.0


@dataclass
class Row:
    label: str
    bars: list[Bar]
    short: str = ""  # the label in the chart, where the table has room for the whole one


@dataclass
class Chart:
    """Horizontal bars: one row per label, one bar per series in each row. The same numbers
    stand in a table beside it (coaching/dashboards/_chart.html)."""

    section: str
    key: str
    title: str
    series: list[str]
    rows: list[Row]
    unit: str = ""
    caption: str = ""
    kind: str = field(default="chart", init=False)

    stacked: bool = False  # one bar a row, its series end to end (coaching time by mode)

    # The SVG's units: the label column, then the bars; the partial draws at these sizes.
    WIDTH, LABEL, BARS, BAR_H, GAP = 560, 130, 380, 14, 8

    def __post_init__(self):
        per_bar = [bar.value or 0 for row in self.rows for bar in row.bars]
        totals = [sum(bar.value or 0 for bar in row.bars) for row in self.rows]
        top = max(totals if self.stacked else per_bar, default=0) or 1
        for row in self.rows:
            for bar in row.bars:
                bar.length = max(round(self.BARS * (bar.value or 0) / top, 1), 0.0)

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(name, f"chart-series-{i % 8}") for i, name in enumerate(self.series)]

    @property
    def geometry(self) -> list[dict]:
        """Each row's label position and each bar's position and class, for the SVG partial."""
        out, y, x0 = [], 4, self.LABEL + 6
        for row in self.rows:
            bars, x = [], x0
            for i, bar in enumerate(row.bars):
                top = y if self.stacked else y + i * self.BAR_H
                bars.append(
                    {
                        "bar": bar,
                        "x": x if self.stacked else x0,
                        "y": top,
                        "class": f"chart-series-{i % 8}",
                        "series": self.series[i],
                    }
                )
                if self.stacked:
                    x += bar.length
            height = self.BAR_H * (1 if self.stacked else len(row.bars))
            end = (x if self.stacked else x0 + max((b.length for b in row.bars), default=0)) + 4
            total = sum(bar.value or 0 for bar in row.bars)
            out.append(
                {
                    "row": row,
                    "label_y": y + height / 2 + 4,
                    "bars": bars,
                    # The number shown at the end of the row: its total (stacked) or each bar's.
                    "total": total,
                    "end": end,
                }
            )
            for b in bars:
                b["end"] = x0 + b["bar"].length + 4
                b["text_y"] = b["y"] + 11
            y += height + self.GAP
        return out

    @property
    def height(self) -> int:
        bars = sum(1 if self.stacked else len(r.bars) for r in self.rows)
        return int(4 + bars * self.BAR_H + len(self.rows) * self.GAP)

    @property
    def empty(self) -> bool:
        return not any(bar.value for row in self.rows for bar in row.bars)


def panels_for(user: User, *, today: dt.date | None = None) -> dict[str, list]:
    """The user's dashboard: each section (a role the user holds) with its panels in order.

    Cached (settings.DASHBOARD_CACHE_SECONDS) under the user, the day and the site's dashboards
    version, which any change to a record they count bumps once it commits
    (services/dashboards.py): a hit costs one cache read and no query; the figures equal a
    recount (tested after each kind of write). What the version cannot see, the clock, lasts
    until the timeout."""
    today = today or timezone.localdate()
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
    if not seconds:
        return _panels_for(user, today)
    key = f"dashboards:{user.pk}:{today:%Y-%m-%d}:{dashboards_version()}"
    found = cache.get(key)
    if found is None:
        found = _panels_for(user, today)
        cache.set(key, found, seconds)
    return found


def _panels_for(user: User, today: dt.date) -> dict[str, list]:
    roles = roles_of(user)
    panels = coaching_panels(user, roles, today)
    for path in getattr(settings, "DASHBOARD_PANELS", ()):
        panels += import_string(path)(user, roles, today)
    sections = {name: [] for name in SECTIONS}
    # What waits first, then the charts; each in the order the apps gave them.
    for panel in sorted(panels, key=lambda p: p.kind != "waiting"):
        sections[panel.section].append(panel)
    return {name: found for name, found in sections.items() if found}


def waiting(section, key, title, queryset, *, item, url, empty="Nothing waiting.") -> Waiting:
    """A `Waiting` panel from a queryset: its first `SHOWN` rows (each made an Item by `item`)
    and its count: two queries, whatever the number of rows."""
    rows = list(queryset[:SHOWN])
    return Waiting(section, key, title, [item(r) for r in rows], queryset.count(), url, empty)


# --- coaching's own panels ----------------------------------------------------------------------


def coaching_panels(user: User, roles: Roles, today: dt.date) -> list:
    panels = []
    for district_id in sorted(roles.admin_district_ids):
        panels += district_panels(district_id, today)
    if roles.is_coach:
        panels += coach_panels(user, today)
    if roles.is_principal:
        panels += principal_panels(user, today)
    return panels


def _engagement_label(e: Engagement) -> str:
    return e.coachee_label


def quiet_engagements(engagements, today: dt.date):
    """Active engagements with no session for `quiet_days()` or more (never one: since they
    started), the quietest first."""
    limit = today - dt.timedelta(days=quiet_days())
    last = (
        CoachingSession.objects.filter(engagement=OuterRef("pk"))
        .order_by()
        .values("engagement")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    return (
        engagements.filter(status=Engagement.Status.ACTIVE)
        .annotate(last_session_on=Subquery(last))
        .filter(
            Q(last_session_on__lte=limit) | Q(last_session_on__isnull=True, starts_on__lte=limit)
        )
        .select_related("coachee_team", "coachee_school", "district")
        .prefetch_related("coachee_person")
        .order_by("last_session_on", "starts_on", "pk")
    )


def district_panels(district_id: int, today: dt.date) -> list:
    section = "district_admin"
    engagements = Engagement.objects.filter(district_id=district_id)
    engagements_url = reverse("coaching:district_engagements", args=[district_id])
    panels = [
        waiting(
            section,
            "quiet",
            f"Engagements with no session for {quiet_days()} days",
            quiet_engagements(engagements, today),
            item=lambda e: Item(
                _engagement_label(e),
                e.get_absolute_url(),
                f"last session {e.last_session_on:%b %-d}"
                if e.last_session_on
                else "no session yet",
            ),
            url=f"{engagements_url}?status=active",
            empty="Every active engagement has had a session lately.",
        ),
        waiting(
            section,
            "invitations",
            "Invitations not yet accepted",
            Invitation.objects.filter(
                person__district_id=district_id, used_at=None, superseded_at=None
            )
            .select_related("person")
            .order_by("created_at", "pk"),
            item=lambda i: Item(
                i.person.full_name,
                i.person.get_absolute_url(),
                f"sent {i.created_at:%b %-d} to {i.sent_to}"
                + (" · expired" if i.expires_at < timezone.now() else ""),
                overdue=i.expires_at < timezone.now(),
            ),
            url=reverse("coaching:staff_list", args=[district_id]),
            empty="Everyone invited has signed in.",
        ),
    ]
    sessions = CoachingSession.objects.filter(engagement__district_id=district_id)
    panels += activity_charts(section, sessions, today, engagements_url)
    panels.append(stage_chart(section, engagements, engagements_url))
    return panels


def coach_panels(user: User, today: dt.date) -> list:
    section = "coach"
    mine = Engagement.objects.filter(pk__in=engagements_coached_by(user).order_by().values("pk"))
    panels = [
        waiting(
            section,
            "steps",
            "Action steps due this week",
            steps_due_for_coach(user, today=today),
            item=lambda s: Item(
                s.engagement.coachee_label,
                s.engagement.get_absolute_url(),
                f"follow up {s.follow_up_on:%b %-d}",
                overdue=s.follow_up_on < today,
            ),
            url=reverse("coaching:my_engagements"),
            empty="No step is due this week.",
        ),
        waiting(
            section,
            "checkins",
            "Check-ins to answer",
            CheckIn.objects.filter(
                engagement__in=mine.filter(status=Engagement.Status.ACTIVE),
                answered_at__isnull=True,
            )
            .select_related("engagement__coachee_team", "engagement__coachee_school")
            .select_related("engagement__district")
            .prefetch_related("engagement__coachee_person")
            .defer("text")
            .order_by("due_at", "pk"),
            item=lambda c: Item(
                c.engagement.coachee_label,
                reverse("coaching:checkin_detail", args=[c.pk]),
                f"due {timezone.localtime(c.due_at):%b %-d}",
                overdue=c.due_at < timezone.now(),
            ),
            url=reverse("coaching:my_engagements"),
            empty="No check-in waits for your answer.",
        ),
        waiting(
            section,
            "training",
            "Your next training and calls",
            event_list(user, upcoming=True).filter(registrations__person__user=user),
            item=lambda e: Item(
                e.title,
                e.get_absolute_url(),
                f"{timezone.localtime(e.starts_at):%b %-d, %Y, %-I:%M %p}",
            ),
            url=reverse("coaching:training"),
            empty="You are registered for no upcoming training.",
        ),
    ]
    sessions = CoachingSession.objects.filter(engagement__in=mine.values("pk"))
    panels += activity_charts(
        section, sessions, today, reverse("coaching:my_engagements"), by_activity=False
    )
    return panels


def principal_panels(user: User, today: dt.date) -> list:
    """Activity at the principal's schools: counts, minutes, modes, activities; never content."""
    section = "principal"
    engagements = Engagement.objects.filter(
        pk__in=engagements_at_schools(user).order_by().values("pk")
    )
    url = reverse("coaching:school_coaching")
    sessions = CoachingSession.objects.filter(engagement__in=engagements.values("pk"))
    return [
        *activity_charts(section, sessions, today, url),
        stage_chart(section, engagements, url),
    ]


# --- charts of coaching activity -----------------------------------------------------------------

MONTHS = 6


def months_back(today: dt.date, n: int = MONTHS) -> list[dt.date]:
    """The first day of each of the last `n` months, oldest first, this month last."""
    firsts, first = [], today.replace(day=1)
    for _ in range(n):
        firsts.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return firsts[::-1]


def activity_charts(section, sessions, today, url, *, by_activity=True) -> list[Chart]:
    """Coaching time per month of the last six, by mode and by activity: minutes, from the
    sessions' activity fields alone (one query; the rows of six months are read, not counted,
    since activities are a list in each row)."""
    months = months_back(today)
    rows = sessions.filter(held_on__gte=months[0]).values_list(
        "held_on", "minutes", "mode", "activities"
    )
    by_mode, by_kind = Counter(), Counter()
    for held_on, minutes, mode, activities in rows:
        month = held_on.replace(day=1)
        by_mode[month, mode] += minutes
        for activity in activities:
            by_kind[month, activity] += minutes
    label = "{:%b %Y}".format
    modes = [m for m in CoachingSession.Mode if any(by_mode[mo, m] for mo in months)]
    charts = [
        Chart(
            section,
            f"time-mode-{section}",
            "Coaching time by mode, per month (minutes)",
            [m.label for m in modes] or ["Minutes"],
            [
                Row(label(mo), [Bar(by_mode[mo, m], url) for m in modes] or [Bar(0, url)])
                for mo in months
            ],
            unit="minutes",
            stacked=True,
        )
    ]
    if by_activity:
        kinds = [a for a in CoachingSession.Activity if any(by_kind[mo, a] for mo in months)]
        charts.append(
            Chart(
                section,
                f"time-activity-{section}",
                "Coaching time by activity, per month (minutes)",
                [a.label for a in kinds] or ["Minutes"],
                [
                    Row(label(mo), [Bar(by_kind[mo, a], url) for a in kinds] or [Bar(0, url)])
                    for mo in months
                ],
                unit="minutes",
                caption="A session of several activities counts its minutes under each.",
                stacked=True,
            )
        )
    return charts


def stage_chart(section, engagements, url) -> Chart:
    """Active team and system engagements by their stage of gradual release: one query."""
    counts = dict(
        engagements.filter(status=Engagement.Status.ACTIVE, stage__isnull=False)
        .order_by()
        .values("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return Chart(
        section,
        f"stages-{section}",
        "Active engagements by stage of gradual release",
        ["Engagements"],
        [
            Row(f"Stage {stage.value}", [Bar(counts.get(stage.value, 0), f"{url}?status=active")])
            for stage in Engagement.Stage
        ],
    )
