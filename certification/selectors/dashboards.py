"""Certification's panels on each role's home (coaching/selectors/dashboards.py draws them; this
module is named in settings.DASHBOARD_PANELS): for a district admin, the approvals that wait for the
district, the candidates behind the annual minimum's pace, certificates expiring soon, the pipeline
funnel and the pace chart; for an associate, the review queue (overdue first), the adjudications
and the provider approvals that wait, the cohorts' next support calls, the pipeline across their
districts and the agreement between associates by quarter; for a coach, their facilitation pace.

Each list costs two queries (its first few rows, its count) and each chart one or two, whatever the
number of rows."""

import datetime as dt
from collections import Counter
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from coaching.models import Program, TrainingEvent
from coaching.selectors import Roles, programs_acted_for
from coaching.selectors.dashboards import Bar, Chart, Item, Row, waiting
from coaching.selectors.training import event_list
from rubrics import selectors as rubric_selectors

from ..models import Candidacy, CandidacyEvent, Certificate, ProgramSettings
from ..schoolyear import pace, school_year
from . import (
    DEFAULT_WINDOW,
    candidacies_visible_to,
    minimum_counts,
    pipeline,
    review_queue,
    settings_by_program,
)

Phase = Candidacy.Phase
EXPIRING_DAYS = 60
MOVED_DAYS = 90
FUNNEL = [Phase.IDENTIFIED, Phase.TRAINING, Phase.FEEDBACK_REVIEW, Phase.CERTIFIED, Phase.DECLINED]


def panels(user, roles: Roles, today: dt.date) -> list:
    """Certification's panels for each role the user holds (settings.DASHBOARD_PANELS)."""
    found = []
    for district_id in sorted(roles.admin_district_ids):
        found += district_panels(user, district_id, today)
    if roles.is_associate and _certifies(roles):
        found += associate_panels(user, roles, today)
    if roles.is_coach:
        found += coach_panels(user, today)
    return found


def _certifies(roles: Roles) -> bool:
    """Whether the associate staffs a program that certifies coaches: the review queue, the
    pipeline and the agreement between associates are that program's work; an associate of a
    network, a course or peer coaching alone is not shown them, empty."""
    certifying = Program.objects.filter(
        pk__in=roles.associate_program_ids, kind=Program.Kind.FACILITATOR_CERTIFICATION
    )
    return certifying.exists()


def pipeline_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return reverse("certification:pipeline") + (f"?{query}" if query else "")


def _candidate_item(c: Candidacy, detail: str = "") -> Item:
    return Item(c.person.full_name, c.get_absolute_url(), detail)


# --- the district admin ---------------------------------------------------------------------------


def district_panels(user, district_id: int, today: dt.date) -> list:
    section = "district_admin"
    mine = pipeline(user).filter(district_id=district_id)
    paces = paces_of(mine, today)
    behind = [row for row in paces if row["state"] == "behind"]
    people = {
        c.pk: c
        for c in mine.filter(pk__in=[row["pk"] for row in behind[:5]]).select_related("person")
    }
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    return [
        waiting(
            section,
            "district-approvals",
            "Candidates waiting for the district's approval",
            mine.filter(phase=Phase.IDENTIFIED, district_approved_at=None).order_by(
                "created_at", "pk"
            ),
            item=lambda c: _candidate_item(c, f"identified {c.created_at:%b %-d}"),
            url=pipeline_url(waiting="district", district=district_id),
            empty="No candidate waits for the district's approval.",
        ),
        _behind_panel(section, behind, people, pipeline_url(phase="training")),
        waiting(
            section,
            "expiring",
            f"Certificates expiring within {EXPIRING_DAYS} days",
            Certificate.objects.filter(
                candidacy__in=mine.values("pk"),
                status=Certificate.Status.ACTIVE,
                expires_on__gte=today,
                expires_on__lte=soon,
            )
            .select_related("candidacy__person")
            .order_by("expires_on", "pk"),
            item=lambda cert: Item(
                cert.candidacy.person.full_name,
                cert.get_absolute_url(),
                f"expires {cert.expires_on:%b %-d, %Y}",
                overdue=cert.expires_on <= today + dt.timedelta(days=7),
            ),
            url=pipeline_url(phase="certified", district=district_id),
            empty=f"No certificate expires in the next {EXPIRING_DAYS} days.",
        ),
        funnel_chart(section, mine, district_id=district_id),
        pace_chart(section, paces, district_id=district_id),
    ]


def _behind_panel(section, behind, people, url):
    from coaching.selectors.dashboards import SHOWN, Waiting

    items = [
        _candidate_item(
            people[row["pk"]], f"{row['n']} of {row['minimum']}; the pace asks {row['required']}"
        )
        for row in behind[:SHOWN]
        if row["pk"] in people
    ]
    return Waiting(
        section,
        "behind-pace",
        "Candidates and coaches behind the annual minimum's pace",
        items,
        len(behind),
        url,
        "Everyone is on pace for the annual minimum.",
    )


def paces_of(candidacies, today: dt.date) -> list[dict]:
    """Each followed candidacy (candidates training or in review, coaches certified) of the list,
    with its facilitations this school year against the annual minimum and the pace the date
    requires: `state` "met", "on pace" or "behind". Four queries, whatever the number."""
    ids = list(
        candidacies.order_by().values_list("program_id", flat=True).distinct()
    )  # a few programs
    rules = settings_by_program(ids)
    years = {pk: school_year(today, rule.school_year_start_month) for pk, rule in rules.items()}
    rows = []
    # The list's ids first: as a subquery, PostgreSQL counted every followed candidacy's year
    # (200,000 facilitations at network scale) before keeping the list's (226 ms for a coach's
    # one candidacy); as ids, it counts only theirs.
    pks = list(candidacies.order_by().values_list("pk", flat=True))
    counted = minimum_counts(years).filter(pk__in=pks)
    for row in counted.order_by("person__last_name", "person__first_name", "pk"):
        rule = rules[row["program_id"]]
        p = pace(
            count=row["n"], minimum=rule.annual_minimum, today=today, year=years[row["program_id"]]
        )
        state = "met" if p.met else "on pace" if p.on_pace else "behind"
        rows.append(row | {"state": state, "minimum": p.minimum, "required": p.required_now})
    return rows


def funnel_chart(section, candidacies, *, district_id=None) -> Chart:
    """How many candidacies stand in each phase now, and how many moved into it in the last
    `MOVED_DAYS` days (their history): two queries."""
    now_counts = Counter(dict(_count_by(candidacies, "phase")))
    since = timezone.now() - dt.timedelta(days=MOVED_DAYS)
    moved = Counter(
        dict(
            _count_by(
                CandidacyEvent.objects.filter(
                    candidacy__in=candidacies.values("pk"), at__gte=since
                ).exclude(to_phase=""),
                "to_phase",
                distinct="candidacy",
            )
        )
    )
    return Chart(
        section,
        f"funnel-{section}-{district_id or 'all'}",
        "The pipeline: candidates in each phase",
        ["In the phase now", f"Moved in, last {MOVED_DAYS} days"],
        [
            Row(
                phase.label,
                [
                    Bar(
                        now_counts[phase.value],
                        pipeline_url(phase=phase.value, district=district_id),
                    ),
                    Bar(moved[phase.value], pipeline_url(phase=phase.value, district=district_id)),
                ],
                short=phase.label.split(":")[0],
            )
            for phase in FUNNEL
        ],
    )


def _count_by(queryset, field, *, distinct=None):
    from django.db.models import Count

    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    return queryset.order_by().values_list(field).annotate(n=counted).values_list(field, "n")


def pace_chart(section, paces, *, district_id=None) -> Chart:
    states = Counter(row["state"] for row in paces)
    url = pipeline_url(phase="training", district=district_id)
    return Chart(
        section,
        f"pace-{section}",
        "Facilitations against the annual minimum",
        ["Candidates and coaches"],
        [Row(label, [Bar(states[label], url)]) for label in ("met", "on pace", "behind")],
        caption="Candidates in training or review and certified coaches, this school year.",
    )


# --- the associate --------------------------------------------------------------------------------


def associate_panels(user, roles: Roles, today: dt.date) -> list:
    section = "associate"
    now = timezone.now()
    queue = (
        review_queue(user)
        .annotate(late=_overdue(roles, now))
        .order_by("late", "submitted_at", "pk")
    )
    visible = candidacies_visible_to(user).filter(program_id__in=roles.associate_program_ids)
    adjudications = rubric_selectors.adjudications_waiting(user)
    return [
        waiting(
            section,
            "reviews",
            "The review queue",
            queue,
            item=lambda s: Item(
                s.candidacy.person.full_name,
                s.get_absolute_url(),
                f"{s.get_purpose_display()}, waiting {(now - s.submitted_at).days} of "
                f"{s.window_days} days",
                overdue=s.late == 0,
            ),
            url=reverse("certification:review_queue"),
            empty="Nothing is waiting for review.",
        ),
        waiting(
            section,
            "adjudications",
            "Waiting for adjudication",
            adjudications,
            item=lambda r: Item(
                r.subject_label, r.get_absolute_url(), f"since {r.created_at:%b %-d}"
            ),
            url=reverse("rubrics:adjudication_list"),
            empty="No review waits for adjudication.",
        ),
        waiting(
            section,
            "provider-approvals",
            "Candidates waiting for the provider's approval",
            visible.filter(phase=Phase.IDENTIFIED, provider_approved_at=None)
            .select_related("person__district")
            .order_by("created_at", "pk"),
            item=lambda c: _candidate_item(c, str(c.person.district)),
            url=pipeline_url(waiting="provider"),
            empty="No candidate waits for the provider's approval.",
        ),
        waiting(
            section,
            "calls",
            "The cohorts' next support calls",
            event_list(user, upcoming=True).filter(
                kind=TrainingEvent.Kind.SUPPORT_CALL,
                program__in=programs_acted_for(user).filter(
                    kind=Program.Kind.FACILITATOR_CERTIFICATION
                ),
            ),
            item=lambda e: Item(
                str(e), e.get_absolute_url(), f"{timezone.localtime(e.starts_at):%b %-d, %H:%M}"
            ),
            url=reverse("coaching:training") + "?kind=support_call",
            empty="No support call is scheduled.",
        ),
        funnel_chart(section, pipeline(user)),
        agreement_chart(section, user, today),
    ]


def _overdue(roles: Roles, now) -> Case:
    """0 for a submission waiting longer than its program's review window, else 1: one query
    for the windows of the associate's programs."""
    windows = dict(
        ProgramSettings.objects.filter(program_id__in=roles.associate_program_ids).values_list(
            "program_id", "review_window_days"
        )
    )
    late = Q(pk__in=[])
    for program_id in roles.associate_program_ids:
        days = windows.get(program_id, DEFAULT_WINDOW)
        late |= Q(candidacy__program_id=program_id, submitted_at__lt=now - dt.timedelta(days=days))
    if roles.is_superuser:
        late |= ~Q(candidacy__program_id__in=list(windows)) & Q(
            submitted_at__lt=now - dt.timedelta(days=DEFAULT_WINDOW)
        )
    return Case(When(late, then=Value(0)), default=Value(1), output_field=IntegerField())


def agreement_chart(section, user, today) -> Chart:
    """Cohen's kappa between associates, per quarter: rubrics counts it from ScorePair rows."""
    report = rubric_selectors.agreement_by_quarter(user=user, today=today)
    url = reverse("rubrics:agreement_report")
    series = [str(version) for version, _ in report["versions"]] or ["Kappa"]
    values = [kappas for _, kappas in report["versions"]] or [[None] * len(report["quarters"])]
    return Chart(
        section,
        "agreement",
        "Agreement between associates: Cohen's kappa by quarter",
        series,
        [
            Row(
                quarter,
                [
                    Bar(round(kappas[i], 2) if kappas[i] is not None else None, url)
                    for kappas in values
                ],
            )
            for i, quarter in enumerate(report["quarters"])
        ],
        caption="Over the blind double reviews completed in each quarter; 1 is full agreement, "
        "0 no better than chance; a dash: no double review completed in the quarter.",
    )


# --- the coach ------------------------------------------------------------------------------------


def coach_panels(user, today: dt.date) -> list:
    paces = paces_of(candidacies_visible_to(user).filter(person__user=user), today)
    if not paces:
        return []
    url = reverse("certification:my_path")
    return [
        Chart(
            "coach",
            "my-pace",
            "Your facilitation log against the annual minimum",
            ["Facilitated with the model", "The pace asks by today", "Annual minimum"],
            [
                Row(
                    f"This school year ({row['state']})",
                    [Bar(row["n"], url), Bar(row["required"], url), Bar(row["minimum"], url)],
                    short=row["state"].capitalize(),
                )
                for row in paces
            ],
        )
    ]
