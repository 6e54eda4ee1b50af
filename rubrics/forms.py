from django import forms

from . import limits
from .models import Rubric, comment_rule


class OwnerChoiceMixin:
    """An "owner" choice among the owners the user acts for, shown only when there is a choice to
    make; with one owner the rubric simply gets it."""

    def _owner_field(self, owners: dict[str, str], current: str | None = None):
        self.owners = dict(owners)
        if current is not None and current not in self.owners:
            self.owners = {current: "Its present owner" if current else "No provider"} | self.owners
        if len(self.owners) > 1:
            self.fields["owner"] = forms.ChoiceField(
                choices=list(self.owners.items()),
                label="Provider",
                initial=current,
                help_text="Only this provider's associates edit, version and publish it.",
                error_messages={"invalid_choice": "You do not act for that provider."},
            )

    def chosen_owner(self, default):
        return self.cleaned_data.get("owner", default)


class RubricCreateForm(OwnerChoiceMixin, forms.Form):
    name = forms.CharField(max_length=limits.NAME_MAX)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.DESCRIPTION_MAX,
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self._owner_field(owners)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Rubric.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A rubric of that name exists already.")
        return name

    def service_arguments(self):
        d = self.cleaned_data
        owner = self.chosen_owner(next(iter(self.owners), ""))
        return {"name": d["name"], "description": d["description"], "owner": owner}


class RubricUpdateForm(OwnerChoiceMixin, forms.Form):
    name = forms.CharField(max_length=limits.NAME_MAX)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.DESCRIPTION_MAX,
    )
    is_sample = forms.BooleanField(
        required=False,
        label="Sample content",
        help_text="Untick once the provider's own text has replaced the sample.",
    )

    def __init__(self, *args, rubric, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self._owner_field(owners, current=rubric.owner)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Rubric.objects.filter(name__iexact=name).exclude(pk=self.rubric.pk).exists():
            raise forms.ValidationError("A rubric of that name exists already.")
        return name

    def service_arguments(self):
        d = self.cleaned_data
        return {
            "name": d["name"],
            "description": d["description"],
            "is_sample": d["is_sample"],
            "owner": self.chosen_owner(None),
        }


class DraftForm(forms.Form):
    """Every editable text of a draft version's grid, as one form: saving it never loses what was
    typed elsewhere on the page."""

    passing_total = forms.IntegerField(
        min_value=0, required=False, label="Minimum total to pass", max_value=limits.TOTAL_MAX
    )
    passing_level_each = forms.IntegerField(
        min_value=0,
        required=False,
        label="Minimum points on every criterion",
        max_value=limits.POINTS_MAX,
    )

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        for level in grid.levels:
            self.fields[f"level-{level.pk}-label"] = forms.CharField(
                max_length=limits.LABEL_MAX, initial=level.label
            )
            self.fields[f"level-{level.pk}-points"] = forms.IntegerField(
                min_value=0, max_value=limits.POINTS_MAX, initial=level.points
            )
        for domain in grid.domains:
            self.fields[f"domain-{domain.pk}-name"] = forms.CharField(
                max_length=limits.NAME_MAX, initial=domain.name
            )
            for criterion in domain.grid_criteria:
                self.fields[f"criterion-{criterion.pk}-text"] = forms.CharField(
                    initial=criterion.text, max_length=limits.CRITERION_MAX
                )
                for level, descriptor in criterion.cells:
                    self.fields[f"desc-{criterion.pk}-{level.pk}"] = forms.CharField(
                        required=False,
                        max_length=limits.CRITERION_MAX,
                        widget=forms.Textarea(attrs={"rows": 3}),
                        initial=descriptor.text if descriptor else "",
                    )
        self.initial.setdefault("passing_total", grid.version.passing_total)
        self.initial.setdefault("passing_level_each", grid.version.passing_level_each)
        # Bound fields on the grid's own objects, for the template to lay out.
        for level in grid.levels:
            level.f_label = self[f"level-{level.pk}-label"]
            level.f_points = self[f"level-{level.pk}-points"]
        for domain in grid.domains:
            domain.f_name = self[f"domain-{domain.pk}-name"]
            for criterion in domain.grid_criteria:
                criterion.f_text = self[f"criterion-{criterion.pk}-text"]
                criterion.f_cells = [
                    (level, self[f"desc-{criterion.pk}-{level.pk}"]) for level, _ in criterion.cells
                ]

    def service_arguments(self):
        d = self.cleaned_data
        grid = self.grid
        return {
            "levels": {
                lv.pk: (d[f"level-{lv.pk}-label"], d[f"level-{lv.pk}-points"]) for lv in grid.levels
            },
            "domains": {dm.pk: d[f"domain-{dm.pk}-name"] for dm in grid.domains},
            "criteria": {c.pk: d[f"criterion-{c.pk}-text"] for c in grid.criteria},
            "descriptors": {
                (c.pk, lv.pk): d[f"desc-{c.pk}-{lv.pk}"]
                for c in grid.criteria
                for lv in grid.levels
            },
            "passing_total": d.get("passing_total"),
            "passing_level_each": d.get("passing_level_each"),
        }


class ScoresheetForm(forms.Form):
    """A level (radio) and a comment per criterion, and an overall comment."""

    overall_comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Overall comment",
        validators=[comment_rule],
        max_length=limits.OVERALL_COMMENT_MAX,
    )

    def __init__(self, *args, grid, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        choices = [(str(level.pk), level.label) for level in grid.levels]
        for criterion in grid.criteria:
            score = scores.get(criterion.pk)
            self.fields[f"level-{criterion.pk}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=str(score.level_id) if score and score.level_id else None,
                error_messages={"invalid_choice": "That level is not on this rubric version."},
            )
            self.fields[f"comment-{criterion.pk}"] = forms.CharField(
                required=False,
                max_length=limits.COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
                validators=[comment_rule],
            )
            criterion.f_level = self[f"level-{criterion.pk}"]
            criterion.f_comment = self[f"comment-{criterion.pk}"]

    def service_arguments(self):
        d = self.cleaned_data
        return {
            "levels": {
                c.pk: int(d[f"level-{c.pk}"]) if d.get(f"level-{c.pk}") else None
                for c in self.grid.criteria
            },
            "comments": {c.pk: d.get(f"comment-{c.pk}", "") for c in self.grid.criteria},
            "overall_comment": d.get("overall_comment", ""),
        }


class AdjudicationForm(forms.Form):
    passed = forms.TypedChoiceField(
        choices=[("yes", "Pass"), ("no", "Does not pass")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Final verdict",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Why", max_length=limits.NOTE_MAX
    )


class AgreementFilterForm(forms.Form):
    version = forms.ModelChoiceField(queryset=None, label="Rubric version", empty_label=None)
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
