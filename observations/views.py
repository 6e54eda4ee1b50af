from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST, require_safe

from coaching.selectors import districts_visible_to, roles_of
from coaching.selectors import engagements as engagement_selectors
from core.lists import paginate
from core.refusals import refusal_message, refusal_on_form, refusal_unshown

from . import selectors, services
from .charts import RELATION_STYLES, Series, legend, line_chart
from .filters import CoachFilter, VideoFilter
from .forms import (
    ArtifactForm,
    FeedbackNotesForm,
    RateCoachForm,
    TimedNoteForm,
    VideoForm,
    VideoUploadForm,
)
from .models import Observation, PracticeRating
from .streaming import file_response


def _history_context(person, user):
    history = selectors.practice_history(person)
    points = history["profile_rows"]
    labels = [date_format(localtime(row["rating"].created_at), "M j") for row in points]
    relations = [
        r for r in PracticeRating.Relation if any(p["rating"].relation == r for p in points)
    ]
    series = [
        Series(
            f"{name} ({relation.label})",
            [
                row["domains"].get(name) if row["rating"].relation == relation else None
                for row in points
            ],
            colour,
            relation.value,
        )
        for colour, name in enumerate(history["domains"])
        for relation in relations
    ]
    return {
        "person": person,
        "history": history,
        "rows": history["rows"],
        "chart": line_chart(series=series, labels=labels) if points else None,
        "legend": legend(history["domains"]),
        "relation_styles": [(r.label, RELATION_STYLES[r.value]["label"]) for r in relations],
        "open_ratings": selectors.open_ratings(person, user),
    }


@login_required
def my_practice(request):
    person = selectors.own_coach_record(request.user)
    if person is None:
        raise Http404("Only coaches have a practice profile page.")
    context = _history_context(person, request.user)
    context["version"] = selectors.current_practice_profile()
    return render(request, "observations/my_practice.html", context)


@login_required
@require_POST
def self_assessment_start(request):
    person = selectors.own_coach_record(request.user)
    version = selectors.current_practice_profile()
    if person is None or version is None:
        raise Http404
    # A self-assessment begun and not finished is taken up again rather than started twice.
    rating = selectors.open_ratings(person, request.user).filter(relation="self").first()
    if rating is None:
        rating = services.practice_rating_start(
            person=person,
            rated_by=request.user,
            relation=PracticeRating.Relation.SELF,
            version=version,
        )
    sheet = rating.review.sheets.get()
    url = (
        reverse("rubrics:sheet_score", args=[sheet.pk])
        + "?next="
        + reverse("observations:my_practice")
    )
    return redirect(url)


@login_required
def coach_list(request):
    if not roles_of(request.user).sees_districts:
        raise PermissionDenied
    filters = CoachFilter(
        request.GET,
        queryset=selectors.coaches_visible_to(request.user).exclude(user=request.user),
        districts=districts_visible_to(request.user).order_by("name"),
    )
    page = paginate(request, filters.qs)
    context = {"filter": filters, "page": page, "coaches": page.object_list}
    return render(request, "observations/coach_list.html", context)


@login_required
def coach_practice(request, pk):
    person = selectors.get_coach_for_user(request.user, pk)
    context = _history_context(person, request.user)
    relation = selectors.can_rate(request.user, person)
    context["relation"] = relation
    if relation:
        context["form"] = _rate_form(None, person, request.user, relation)
    return render(request, "observations/coach_practice.html", context)


def _rate_form(data, person, user, relation):
    return RateCoachForm(
        data,
        person=person,
        rater=user,
        versions=selectors.rating_versions(),
        associate=relation == PracticeRating.Relation.ASSOCIATE,
    )


@login_required
@require_POST
def coach_rate(request, pk):
    person = selectors.get_coach_for_user(request.user, pk, rate=True)
    relation = selectors.can_rate(request.user, person)
    form = _rate_form(request.POST, person, request.user, relation)
    if not form.is_valid():
        messages.error(request, "Choose a rubric, and a second associate from the list or none.")
        return redirect("observations:coach_practice", pk=person.pk)
    try:
        rating = services.practice_rating_start(
            person=person,
            rated_by=request.user,
            relation=relation,
            version=form.cleaned_data["version"],
            second_rater=form.cleaned_data.get("second_rater"),
        )
    except ValidationError as error:
        refusal_message(request, error)
        return redirect("observations:coach_practice", pk=person.pk)
    sheet = rating.review.sheets.get(reviewer=request.user)
    back = reverse("observations:coach_practice", args=[person.pk])
    return redirect(reverse("rubrics:sheet_score", args=[sheet.pk]) + "?next=" + back)


# --- the video library -------------------------------------------------------------------------


@login_required
def video_list(request):
    roles = roles_of(request.user)
    if not (roles.is_associate or roles.is_superuser):
        raise PermissionDenied("The video library is kept by the programs' associates.")
    filters = VideoFilter(
        request.GET,
        queryset=selectors.library(request.user),
        programs=selectors.library_programs(request.user),
    )
    page = paginate(request, filters.qs)
    context = {"filter": filters, "page": page, "videos": page.object_list, "can_upload": True}
    return render(request, "observations/video_list.html", context)


@login_required
def video_upload(request):
    programs = selectors.library_programs(request.user)
    if not programs:
        raise PermissionDenied("Only a program's associates add videos to its library.")
    form = VideoUploadForm(request.POST or None, request.FILES or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            video = services.video_upload(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, f"Added {video.title} to the library of {video.program}.")
            return redirect(video)
    return render(request, "observations/video_upload.html", {"form": form})


@login_required
def video_detail(request, pk):
    user = request.user
    video = selectors.get_video_for_user(user, pk, write=request.method == "POST")
    form = None
    if selectors.can_keep_video(user, video):
        initial = {"title": video.title, "description": video.description}
        form = VideoForm(request.POST or None, initial=initial | {"is_active": video.is_active})
    if request.method == "POST" and form.is_valid():
        was_active = video.is_active
        try:
            services.video_update(video=video, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _video_saved_message(video, was_active))
            return redirect(video)
    observations = selectors.video_observations(video).filter(
        pk__in=selectors.observations_visible_to(user)
    )
    context = {"video": video, "form": form, "observations": observations}
    return render(request, "observations/video_detail.html", context)


def _video_saved_message(video, was_active):
    if was_active and not video.is_active:
        return f"Retired {video.title}: it can no longer be assigned; its notes stay with it."
    if video.is_active and not was_active:
        return f"Restored {video.title} to the library."
    return f"Saved {video.title}."


@login_required
@require_safe
def video_stream(request, pk):
    video = selectors.get_video_for_user(request.user, pk)
    storage, name = video.file.storage, video.file.name
    try:
        size, modified = storage.size(name), storage.get_modified_time(name)
        file = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("The file of this video is missing.") from None
    extension = name.rsplit(".", 1)[-1]
    return file_response(
        request,
        file,
        size=size,
        content_type=video.content_type,
        filename=f"{slugify(video.title) or 'video'}.{extension}",
        modified=modified,
    )


# --- an observation of a video, and its timed notes ------------------------------------------------


@login_required
def observation_video(request, pk):
    observation = selectors.get_observation_for_user(request.user, pk)
    if observation.video_id is None:
        raise Http404("This observation is not of a library video.")
    context = selectors.video_notes(request.user, observation)
    return render(request, "observations/observation_video.html", context)


def _back(request, observation):
    """Where a note form sends the coach back to: the page it was on, if it is ours."""
    url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else reverse("observations:observation_video", args=[observation.pk])


@login_required
@require_POST
def timed_note_add(request, pk):
    observation = selectors.get_observation_for_user(request.user, pk, write=True)
    back = _back(request, observation)
    form = TimedNoteForm(request.POST)
    if not form.is_valid():
        refusal_unshown(request, form)  # said above the player too, as the moment may be off-screen
        return _note_refused(request, observation, form, back)
    try:
        note = services.timed_note_add(
            observation=observation,
            at_seconds=form.cleaned_data["at_seconds"],
            text=form.cleaned_data["text"],
        )
    except ValidationError as error:
        refusal_message(request, error)
        if not hasattr(error, "error_dict"):  # not about what was typed: nothing to keep
            return redirect(back)
        return _note_refused(request, observation, form, back)
    messages.success(request, f"Added a note at {note.timestamp}.")
    return redirect(f"{back}#note-{note.pk}")


def _note_refused(request, observation, form, back):
    """The notes page again, the moment and the note as typed (none of it stored), and why."""
    context = selectors.video_notes(request.user, observation)
    return render(
        request,
        "observations/observation_video.html",
        context | {"note_form": form, "notes_back": back},
    )


@login_required
@require_POST
def timed_note_remove(request, pk):
    note = selectors.get_timed_note_for_user(request.user, pk, write=True)
    back = _back(request, note.observation)
    try:
        services.timed_note_remove(note=note)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"Removed the note at {note.timestamp}.")
    return redirect(back)


# --- observations of coaching engagements and their artifacts: the parties' alone ----------------


def _engagement_observation_page(request, observation, form=None, status=200):
    context = {
        "observation": observation,
        "engagement": observation.engagement,
        "artifacts": observation.artifacts.select_related("uploaded_by"),
        "form": form or ArtifactForm(),
    }
    return render(request, "observations/engagements/detail.html", context, status=status)


@login_required
@require_safe
def engagement_observations(request, pk):
    engagement = selectors.party_engagement(request.user, pk)
    context = {
        "engagement": engagement,
        "page": Paginator(selectors.engagement_observations(engagement), 50).get_page(
            request.GET.get("page")
        ),
        "is_coach": engagement_selectors.is_coach_of(request.user, engagement),
    }
    return render(request, "observations/engagements/list.html", context)


@login_required
def engagement_observation_new(request, pk):
    engagement = selectors.party_engagement(request.user, pk)
    if not engagement_selectors.is_coach_of(request.user, engagement):
        raise PermissionDenied("The engagement's coaches observe and give feedback.")
    form = FeedbackNotesForm(
        request.POST or None,
        engagement=True,
        initial={"observed_on": timezone.localdate()},
        instance=Observation(setting=Observation.Setting.LESSON),
    )
    if request.method == "POST" and form.is_valid():
        fields = {n: form.cleaned_data.get(n) for n in services.ENGAGEMENT_NOTE_FIELDS}
        try:
            observation = services.engagement_observation_record(
                engagement=engagement, by=request.user, **fields
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Observation and feedback saved, shared with the coachee.")
            return redirect("observations:engagement_observation", pk=observation.pk)
    context = {"engagement": engagement, "form": form}
    return render(request, "observations/engagements/form.html", context)


@login_required
@require_safe
def engagement_observation(request, pk):
    observation = selectors.get_engagement_observation_for_user(request.user, pk)
    return _engagement_observation_page(request, observation)


@login_required
@require_POST
def artifact_attach(request, pk):
    observation = selectors.get_engagement_observation_for_user(request.user, pk)
    form = ArtifactForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.artifact_attach(
                observation=observation, by=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Artifact attached.")
            return redirect("observations:engagement_observation", pk=observation.pk)
    return _engagement_observation_page(request, observation, form)


@login_required
@require_safe
def artifact_download(request, pk):
    artifact = selectors.get_artifact_for_user(request.user, pk)
    try:
        file = artifact.file.storage.open(artifact.file.name, "rb")
    except FileNotFoundError:
        raise Http404("The file of this artifact is missing.") from None
    response = FileResponse(
        file, as_attachment=True, filename=artifact.name, content_type=artifact.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
