"""Rubrics built through the services, as an associate would build them."""

from rubrics import services


def build_version(
    *, name="Feedback rubric", levels=4, criteria=3, domains=1, publish=True, owner="", **rule
):
    """A version of a rubric of `owner` with `levels` levels (points 1..levels) and `criteria`
    criteria spread over `domains` domains, each cell with a descriptor; published unless asked
    not to."""
    version = services.rubric_create(name=name, owner=owner)
    made_levels = [
        services.level_add(version=version, label=f"Level {p}", points=p)
        for p in range(1, levels + 1)
    ]
    made_domains = [
        services.domain_add(version=version, name=f"Domain {i + 1}") for i in range(domains)
    ]
    made = [
        services.criterion_add(domain=made_domains[i % domains], text=f"Criterion {i + 1}")
        for i in range(criteria)
    ]
    services.draft_update(
        version=version,
        levels={lv.pk: (lv.label, lv.points) for lv in made_levels},
        domains={},
        criteria={},
        descriptors={(c.pk, lv.pk): f"{c.text} at {lv.label}" for c in made for lv in made_levels},
        passing_total=rule.get("passing_total"),
        passing_level_each=rule.get("passing_level_each"),
    )
    if publish:
        services.version_publish(version=version, by=None)
    version.refresh_from_db()
    return version


def score_all(sheet, reviewer, points):
    """Give each criterion of the sheet the level with these points (a list, in criterion order, or
    one number for all), then return the sheet."""
    version = sheet.review.version
    by_points = {lv.points: lv.pk for lv in version.levels.all()}
    criteria = list(version.criteria.order_by("domain__position", "position"))
    if isinstance(points, int):
        points = [points] * len(criteria)
    services.sheet_save(
        sheet=sheet,
        reviewer=reviewer,
        levels={c.pk: by_points[p] for c, p in zip(criteria, points, strict=True)},
        comments={},
        overall_comment="",
    )
    return sheet
