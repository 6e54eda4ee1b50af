"""Writes to rubrics and scoresheets. Every service validates before it saves, runs in a transaction
and raises `ValidationError` with a message a user can act on; on error nothing is changed.

What callers can rely on:
- only a draft version's content changes; a published version is frozen;
- a scoresheet is scored only on a published version, only with that version's levels, and never
  changes once final;
- a blind review's reviewers see each other's sheets only when both are final (see selectors).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Criterion,
    Descriptor,
    Domain,
    Level,
    Review,
    Rubric,
    RubricVersion,
    Score,
    ScorePair,
    Scoresheet,
)
from .selectors import sheet_result

# --- definitions -------------------------------------------------------------------------------


def _require_draft(version: RubricVersion):
    """Lock the version's row and refuse unless it is a draft in the database (the object in hand
    may be stale: someone may have published it since)."""
    version.status = (
        RubricVersion.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=version.pk)
    )
    if not version.is_draft:
        raise ValidationError(
            f"Version {version.number} of {version.rubric.name} is published and cannot change. "
            "Make a new draft version to change the rubric."
        )


@transaction.atomic
def rubric_create(
    *, name: str, owner: str, description: str = "", is_sample: bool = False
) -> RubricVersion:
    """A new rubric of `owner` (see Rubric.owner; empty: only site admins edit it) with an empty
    draft version 1, which is returned. The caller checks that the creator acts for the owner."""
    rubric = Rubric(
        name=name.strip(),
        slug=_free_slug(name),
        owner=owner,
        description=description,
        is_sample=is_sample,
    )
    rubric.full_clean()
    rubric.save()
    version = RubricVersion(rubric=rubric, number=1)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def rubric_update(
    *, rubric: Rubric, name: str, description: str, is_sample: bool, owner: str | None = None
) -> Rubric:
    """Rename or describe a rubric, or give it to another owner (None: keep its owner; the caller
    checks that the user acts for both). Its name is not part of any version: scoresheets keep their
    version's content, and show the rubric's current name."""
    rubric.name, rubric.description, rubric.is_sample = name.strip(), description, is_sample
    if owner is not None:
        rubric.owner = owner
    rubric.full_clean()
    rubric.save()
    return rubric


@transaction.atomic
def draft_update(
    *,
    version: RubricVersion,
    levels: dict[int, tuple[str, int]],
    domains: dict[int, str],
    criteria: dict[int, str],
    descriptors: dict[tuple[int, int], str],
    passing_total: int | None,
    passing_level_each: int | None,
) -> RubricVersion:
    """Save everything typed on the grid page at once: level labels and points, domain names,
    criterion texts, descriptors, and the passing rule. Ids not of this version are refused."""
    _require_draft(version)
    own_levels = {lv.pk: lv for lv in version.levels.all()}
    own_domains = {d.pk: d for d in version.domains.all()}
    own_criteria = {c.pk: c for c in version.criteria.all()}
    _require_own(levels, own_levels, "level")
    _require_own(domains, own_domains, "domain")
    _require_own(criteria, own_criteria, "criterion")
    for key in descriptors:
        if key[0] not in own_criteria or key[1] not in own_levels:
            raise ValidationError("A descriptor names a criterion or level of another rubric.")

    points_seen = {}
    for label, points in levels.values():
        if not label.strip():
            raise ValidationError("Every level needs a label.")
        if points in points_seen:
            raise ValidationError(
                f"Levels “{points_seen[points]}” and “{label}” both have {points} points; "
                "each level needs its own points."
            )
        points_seen[points] = label
    for pk, (label, points) in levels.items():
        level = own_levels[pk]
        level.label, level.points = label.strip(), points
    _clean_each(own_levels[pk] for pk in levels)
    # Points may swap between levels: clear them first so the unique rule holds at every step.
    Level.objects.filter(pk__in=levels).update(points=F("points") + 100_000)
    Level.objects.bulk_update([own_levels[pk] for pk in levels], ["label", "points"])
    for pk, name in domains.items():
        if not name.strip():
            raise ValidationError("Every domain needs a name.")
        own_domains[pk].name = name.strip()
    _clean_each(own_domains[pk] for pk in domains)
    Domain.objects.bulk_update([own_domains[pk] for pk in domains], ["name"])
    for pk, text in criteria.items():
        if not text.strip():
            raise ValidationError(
                "Every criterion needs its text; remove a criterion you don't need."
            )
        own_criteria[pk].text = text.strip()
    _clean_each(own_criteria[pk] for pk in criteria)
    Criterion.objects.bulk_update([own_criteria[pk] for pk in criteria], ["text"])
    _descriptors_save(version, descriptors)

    version.passing_total = passing_total
    version.passing_level_each = passing_level_each
    _check_rule(version)
    version.save(update_fields=["passing_total", "passing_level_each"])
    return version


def _clean_each(parts) -> None:
    """The field rules (lengths, ranges) of parts about to be written in bulk, where `full_clean`
    would not run: one refusal names the first part at fault."""
    for part in parts:
        try:
            part.clean_fields(exclude=[f.name for f in part._meta.fields if f.is_relation])
        except ValidationError as error:
            raise ValidationError(
                f"{type(part)._meta.verbose_name.capitalize()} “{str(part)[:60]}”: "
                + " ".join(error.messages)
            ) from error


def _check_rule(version: RubricVersion):
    """The passing rule must be reachable with the version's levels and criteria as they are."""
    all_points = set(version.levels.order_by().values_list("points", flat=True))
    each = version.passing_level_each
    if each is not None and each not in all_points:
        raise ValidationError(
            f"The minimum on every criterion ({each}) must be the points of one of the levels."
        )
    most = max(all_points, default=0) * version.criteria.count()
    if version.passing_total is not None and version.passing_total > most:
        raise ValidationError(
            f"A minimum total of {version.passing_total} cannot be reached: the most a sheet can "
            f"score is {most}."
        )


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "rubric"
    slug, n = base, 1
    while Rubric.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require_own(submitted, own, kind):
    if set(submitted) - set(own):
        raise ValidationError(f"A {kind} named in the form is not part of this rubric version.")


def _descriptors_save(version, descriptors):
    existing = {
        (d.criterion_id, d.level_id): d
        for d in Descriptor.objects.filter(criterion__version=version)
    }
    changed, new = [], []
    for (criterion_id, level_id), text in descriptors.items():
        descriptor = existing.get((criterion_id, level_id))
        if descriptor is None:
            new.append(Descriptor(criterion_id=criterion_id, level_id=level_id, text=text.strip()))
        elif descriptor.text != text.strip():
            descriptor.text = text.strip()
            changed.append(descriptor)
    _clean_each([*new, *changed])
    Descriptor.objects.bulk_create(new)
    Descriptor.objects.bulk_update(changed, ["text"])


def _next_position(queryset):
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def level_add(*, version: RubricVersion, label: str = "", points: int | None = None) -> Level:
    _require_draft(version)
    taken = set(version.levels.order_by().values_list("points", flat=True))
    if points is None:
        points = max(taken, default=0) + 1
    level = Level(
        version=version,
        label=label or f"Level {points}",
        points=points,
        position=_next_position(version.levels),
    )
    level.full_clean()
    level.save()
    return level


@transaction.atomic
def domain_add(*, version: RubricVersion, name: str = "") -> Domain:
    _require_draft(version)
    position = _next_position(version.domains)
    domain = Domain(version=version, name=name or f"Domain {position}", position=position)
    domain.full_clean()
    domain.save()
    return domain


@transaction.atomic
def criterion_add(*, domain: Domain, text: str = "") -> Criterion:
    _require_draft(domain.version)
    position = _next_position(domain.criteria)
    criterion = Criterion(
        version=domain.version,
        domain=domain,
        text=text or f"Criterion {position}",
        position=position,
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def part_remove(*, part: Level | Domain | Criterion) -> None:
    """Remove a level, a domain (with its criteria) or a criterion from a draft."""
    _require_draft(part.version)
    part.delete()


@transaction.atomic
def part_move(*, part: Level | Domain | Criterion, step: int) -> None:
    """Move a level, domain or criterion one place up (step -1) or down (+1) among its siblings."""
    _require_draft(part.version)
    siblings = list(_siblings(part))
    index = [s.pk for s in siblings].index(part.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    type(part).objects.bulk_update(siblings, ["position"])


def _siblings(part):
    if isinstance(part, Criterion):
        return part.domain.criteria.order_by("position", "pk")
    return type(part).objects.filter(version=part.version).order_by("position", "pk")


@transaction.atomic
def version_publish(*, version: RubricVersion, by) -> RubricVersion:
    """Freeze a draft so that it can be scored. It needs two levels and a criterion at least."""
    _require_draft(version)
    problems = []
    if version.levels.count() < 2:
        problems.append("add at least two levels")
    if not version.criteria.exists():
        problems.append("add at least one criterion")
    if problems:
        raise ValidationError(f"Before publishing, {' and '.join(problems)}.")
    _check_rule(version)
    version.status = RubricVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


@transaction.atomic
def version_new_draft(*, rubric: Rubric) -> RubricVersion:
    """A new draft version: a copy of the newest version, numbered one higher. Existing scoresheets
    keep the version they were scored on."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.versions.filter(status=RubricVersion.Status.DRAFT).exists():
        raise ValidationError("This rubric already has a draft version: edit that one.")
    source = rubric.versions.order_by("-number").first()
    draft = RubricVersion.objects.create(
        rubric=rubric,
        number=source.number + 1,
        passing_total=source.passing_total,
        passing_level_each=source.passing_level_each,
    )
    levels = {}
    for level in source.levels.all():
        levels[level.pk] = Level.objects.create(
            version=draft, label=level.label, points=level.points, position=level.position
        )
    criteria = {}
    for domain in source.domains.prefetch_related("criteria"):
        new_domain = Domain.objects.create(
            version=draft,
            name=domain.name,
            description=domain.description,
            position=domain.position,
        )
        for criterion in domain.criteria.all():
            criteria[criterion.pk] = Criterion.objects.create(
                version=draft, domain=new_domain, text=criterion.text, position=criterion.position
            )
    Descriptor.objects.bulk_create(
        Descriptor(criterion=criteria[d.criterion_id], level=levels[d.level_id], text=d.text)
        for d in Descriptor.objects.filter(criterion__version=source)
    )
    return draft


@transaction.atomic
def version_delete(*, version: RubricVersion) -> None:
    """Delete a version no one has scored on. A version in use is kept for good."""
    RubricVersion.objects.select_for_update().get(pk=version.pk)  # no review starts meanwhile
    if version.reviews.exists():
        raise ValidationError(
            f"Version {version.number} has been used to score and cannot be deleted."
        )
    rubric = version.rubric
    try:
        version.delete()
    except ProtectedError:
        raise ValidationError(
            f"Version {version.number} is named in a program's settings: it cannot be deleted."
        ) from None
    if not rubric.versions.exists():
        rubric.delete()


# --- scoring -----------------------------------------------------------------------------------


@transaction.atomic
def review_create(
    *,
    version: RubricVersion,
    subject_label: str,
    reviewers: list,
    blind: bool = False,
    scope: str = "",
    subject_user=None,
) -> Review:
    """A subject to score, with an empty scoresheet for each reviewer: one reviewer, or two when
    blind. `scope` says who else may see and adjudicate it (see Review.scope); `subject_user`, the
    login whose work is scored, never adjudicates it."""
    # Lock the version: it cannot be deleted while this review starts on it.
    version.status = (
        RubricVersion.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=version.pk)
    )
    if version.is_draft:
        raise ValidationError(
            f"Version {version.number} of {version.rubric.name} is a draft: publish it before scoring."
        )
    distinct = {r.pk for r in reviewers}
    if blind and len(distinct) != 2:
        raise ValidationError("A blind review needs two different reviewers.")
    if not blind and len(distinct) != 1:
        raise ValidationError("A review is scored by one reviewer, or blind by two.")
    review = Review(
        version=version,
        subject_label=subject_label,
        blind=blind,
        scope=scope,
        subject_user=subject_user,
    )
    review.full_clean()
    review.save()
    criteria = list(version.criteria.all())
    for reviewer in reviewers:
        sheet = Scoresheet.objects.create(review=review, reviewer=reviewer)
        Score.objects.bulk_create(Score(sheet=sheet, criterion=c) for c in criteria)
    return review


def _lock_sheet(sheet: Scoresheet, reviewer) -> Scoresheet:
    sheet = (
        Scoresheet.objects.select_for_update(of=("self",))
        .select_related("review__version")
        .get(pk=sheet.pk)
    )
    if sheet.reviewer_id != reviewer.pk:
        raise ValidationError("Only its reviewer may change a scoresheet.")
    if sheet.is_final:
        raise ValidationError("This scoresheet is final and cannot be changed.")
    return sheet


@transaction.atomic
def sheet_save(
    *,
    sheet: Scoresheet,
    reviewer,
    levels: dict[int, int | None],
    comments: dict[int, str],
    overall_comment: str,
) -> Scoresheet:
    """Save a draft: a level (or none yet) and a comment per criterion, and the overall comment."""
    sheet = _lock_sheet(sheet, reviewer)
    scores = {s.criterion_id: s for s in sheet.scores.all()}
    allowed_levels = set(sheet.review.version.levels.order_by().values_list("pk", flat=True))
    if set(levels) - set(scores) or set(comments) - set(scores):
        raise ValidationError("A score names a criterion that is not on this rubric.")
    for criterion_id, level_id in levels.items():
        if level_id is not None and level_id not in allowed_levels:
            raise ValidationError("A score uses a level that is not on this rubric version.")
        scores[criterion_id].level_id = level_id
    for criterion_id, comment in comments.items():
        scores[criterion_id].comment = comment.strip()
    sheet.overall_comment = overall_comment.strip()
    # The comments' own rule (no student identifiers), without a query per score.
    for score in scores.values():
        score.clean_fields(exclude=["sheet", "criterion", "level"])
    sheet.clean_fields(exclude=["review", "reviewer"])
    Score.objects.bulk_update(scores.values(), ["level", "comment"])
    sheet.save(update_fields=["overall_comment", "updated_at"])
    return sheet


@transaction.atomic
def sheet_finalize(*, sheet: Scoresheet, reviewer) -> Scoresheet:
    """Make a complete sheet final, and settle its review: a single review is decided by its
    sheet; a blind review is decided when both sheets are final and agree, or goes to adjudication."""
    sheet = _lock_sheet(sheet, reviewer)
    missing = list(
        sheet.scores.filter(level__isnull=True)
        .order_by("criterion__domain__position", "criterion__position")
        .values_list("criterion__text", flat=True)
    )
    if missing:
        names = "; ".join(text[:60] for text in missing)
        raise ValidationError(
            f"Choose a level for every criterion before finalising. Missing ({len(missing)}): {names}."
        )
    sheet.status = Scoresheet.Status.FINAL
    sheet.finalized_at = timezone.now()
    sheet.save(update_fields=["status", "finalized_at", "updated_at"])
    _review_settle(sheet.review, by=reviewer)
    return sheet


def _review_settle(review: Review, *, by) -> None:
    review = Review.objects.select_for_update().get(pk=review.pk)
    sheets = list(review.sheets.all())
    if any(not s.is_final for s in sheets):
        return
    verdicts = {sheet_result(s).passed for s in sheets}
    if review.blind and len(sheets) == 2:
        score_pairs_record(review=review, sheets=sheets)
    now = timezone.now()
    if len(verdicts) == 1:
        review.status = Review.Status.DECIDED
        review.passed = verdicts.pop()
        review.decided_at = now
        if review.blind:
            review.decided_by = None
            review.decision_note = "Both reviewers reached the same verdict."
        else:
            review.decided_by = by
    else:
        review.status = Review.Status.NEEDS_ADJUDICATION
    review.save()


def score_pairs_record(*, review: Review, sheets=None) -> int:
    """Write the agreement report's rows of a blind review whose two sheets are final (see
    ScorePair): one per criterion, written once (the unique constraint makes a second call write
    nothing). Called by settling the review, in its transaction; `score_pairs_rebuild` calls it
    for reviews scored before the rows existed. Returns how many rows it offered."""
    sheets = sorted(sheets or review.sheets.all(), key=lambda s: s.reviewer_id)
    if not review.blind or len(sheets) != 2 or not all(s.is_final for s in sheets):
        return 0
    rank = {
        pk: i
        for i, pk in enumerate(
            Level.objects.filter(version_id=review.version_id)
            .order_by("points")
            .values_list("pk", flat=True)
        )
    }
    levels = {
        (sheet_id, criterion_id): level_id
        for sheet_id, criterion_id, level_id in Score.objects.filter(
            sheet__in=[s.pk for s in sheets]
        ).values_list("sheet_id", "criterion_id", "level_id")
    }
    a, b = sheets
    completed_on = timezone.localdate(max(s.finalized_at for s in sheets))
    pairs = [
        ScorePair(
            review_id=review.pk,
            criterion_id=criterion_id,
            version_id=review.version_id,
            scope=review.scope,
            reviewer_a_id=a.reviewer_id,
            reviewer_b_id=b.reviewer_id,
            completed_on=completed_on,
            level_a=rank[level_id],
            level_b=rank[levels[b.pk, criterion_id]],
        )
        for (sheet_id, criterion_id), level_id in levels.items()
        if sheet_id == a.pk
    ]
    ScorePair.objects.bulk_create(pairs, ignore_conflicts=True)
    return len(pairs)


@transaction.atomic
def score_pairs_rebuild() -> int:
    """Write the missing ScorePair rows of every complete blind review: for data loaded around
    the services (a bulk seed). Idempotent."""
    done = ScorePair.objects.values("review_id")
    complete = (
        Review.objects.filter(blind=True)
        .exclude(sheets__status=Scoresheet.Status.DRAFT)
        .exclude(pk__in=done)
        .prefetch_related("sheets")
    )
    return sum(score_pairs_record(review=r, sheets=list(r.sheets.all())) for r in complete)


@transaction.atomic
def review_adjudicate(*, review: Review, by, passed: bool, note: str) -> Review:
    """A third reviewer decides a blind review whose two verdicts differ."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != Review.Status.NEEDS_ADJUDICATION:
        raise ValidationError("Only a review whose two verdicts differ can be adjudicated.")
    if review.sheets.filter(reviewer=by).exists():
        raise ValidationError(
            "One of the two reviewers cannot adjudicate: a third reviewer decides."
        )
    if review.subject_user_id is not None and review.subject_user_id == by.pk:
        raise ValidationError(
            "You cannot decide a review of your own work: nobody records their own evidence."
        )
    if not note.strip():
        raise ValidationError("Say why: the note is kept with the decision.")
    review.status = Review.Status.DECIDED
    review.passed = passed
    review.decided_by = by
    review.decided_at = timezone.now()
    review.decision_note = note.strip()
    review.full_clean()
    review.save()
    return review
