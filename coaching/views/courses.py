"""Pages of coach-training courses: the courses and runs a user has, a course's outline, a run
for a new cohort, scheduling, a run (the facilitator's and each coach's), the cohort's grid, a
coach's progress, the pairs, a session's answers side by side, answering and typing in paper exit
tickets, adapting a session's questions, marking an answer for follow-up, and the resources."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from core.lists import paginate
from core.refusals import refusal_message, refusal_on_form

from ..forms.courses import (
    AnswerForm,
    CourseForm,
    CourseQuestionEditForm,
    CourseQuestionForm,
    CourseSessionForm,
    PairsForm,
    QuestionEditForm,
    QuestionForm,
    ResourceForm,
    RunForm,
    ScheduleForm,
    TypedInForm,
    UnitForm,
)
from ..models import CourseSession
from ..selectors import courses as selectors
from ..services import courses as services


def _saved(form, service, **arguments):
    """Call the service; on a refusal put it on the form and return None."""
    try:
        return service(**arguments)
    except ValidationError as error:
        refusal_on_form(form, error)
        return None


@login_required
def course_list(request):
    context = {
        "page": paginate(request, selectors.runs_listed(request.user)),
        "courses": selectors.courses_listed(request.user),
    }
    return render(request, "coaching/courses/list.html", context)


@login_required
def course_detail(request, pk):
    course = selectors.get_course_for_user(request.user, pk)
    context = {
        "course": course,
        "outline": selectors.outline(course),
        "may_run": selectors.may_run_course(request.user, course),
        "may_edit": selectors.may_edit_course(request.user, course),
    }
    return render(request, "coaching/courses/course_detail.html", context)


@login_required
def run_create(request, course_pk):
    course = selectors.get_course_for_user(request.user, course_pk)
    if not selectors.may_run_course(request.user, course):
        raise PermissionDenied("Only the program's associates run its courses.")
    form = RunForm(request.POST or None, people=selectors.cohort_member_choices(course.program))
    if request.method == "POST" and form.is_valid():
        run = _saved(form, services.run_create, course=course, by=request.user, **form.cleaned_data)
        if run:
            messages.success(request, f"{run.cohort} is ready: schedule its first session.")
            return redirect(run)
    return render(request, "coaching/courses/run_form.html", {"form": form, "course": course})


@login_required
def run_detail(request, pk):
    run = selectors.get_run_for_user(request.user, pk)
    person = selectors.member_of(request.user, run)
    context = {
        "run": run,
        "facilitates": selectors.is_facilitator(request.user, run),
        "person": person,
        "outline": selectors.outline(run.course, run),
        "progress": selectors.progress_of(run, person) if person else None,
        "pairs": selectors.pairs_of_member(request.user, run) if person else None,
    }
    return render(request, "coaching/courses/run_detail.html", context)


@login_required
def run_schedule(request, pk):
    run = selectors.get_run_for_user(request.user, pk, manage=True)
    form = ScheduleForm(request.POST or None, sessions=selectors.unscheduled_sessions(run))
    if request.method == "POST" and form.is_valid():
        event = _saved(
            form, services.sessions_schedule, run=run, by=request.user, **form.cleaned_data
        )
        if event:
            messages.success(request, f"Scheduled: {event}. The cohort is registered.")
            return redirect(run)
    return render(request, "coaching/courses/schedule_form.html", {"run": run, "form": form})


@login_required
def run_grid(request, pk):
    run = selectors.get_run_for_user(request.user, pk, manage=True)
    context = {"run": run, "grid": selectors.grid(run)}
    return render(request, "coaching/courses/grid.html", context)


@login_required
def run_progress(request, pk, person_pk):
    run = selectors.get_run_for_user(request.user, pk)
    own = selectors.member_of(request.user, run)
    if not selectors.is_facilitator(request.user, run) and (own is None or own.pk != person_pk):
        raise PermissionDenied("A coach's progress is for them and the facilitator.")
    person = get_object_or_404(run.cohort.members.select_related("district"), pk=person_pk)
    context = {"run": run, "person": person, "progress": selectors.progress_of(run, person)}
    return render(request, "coaching/courses/progress.html", context)


@login_required
def run_pairs(request, pk):
    run = selectors.get_run_for_user(request.user, pk, manage=True)
    members = selectors.members_of(run)
    current = [] if request.GET.get("suggest") else selectors.current_groups(run)
    proposed = current or selectors.pairs_proposed(members)
    form = PairsForm(request.POST or None, members=members, proposed=proposed)
    if request.method == "POST" and form.is_valid():
        pairs = _saved(form, services.pairs_make, run=run, groups=form.groups(), by=request.user)
        if pairs:
            messages.success(request, f"{len(pairs)} pairs made: each practises between sessions.")
            return redirect("coaching:run_pairs", pk=run.pk)
    context = {
        "run": run,
        "form": form,
        "pairs": selectors.pair_activity(run),
        "suggested": not current,
    }
    return render(request, "coaching/courses/pairs.html", context)


@login_required
@require_POST
def run_session_open(request, pk, session_pk):
    run = selectors.get_run_for_user(request.user, pk, manage=True)
    session = get_object_or_404(
        CourseSession.objects.filter(unit__stage__course=run.course_id), pk=session_pk
    )
    run_session = services.run_session_open(run=run, session=session, by=request.user)
    return redirect("coaching:run_session_adapt", pk=run_session.pk)


@login_required
def run_session_detail(request, pk):
    run_session = selectors.get_run_session_for_user(request.user, pk)
    run = run_session.run
    if selectors.is_facilitator(request.user, run):
        context = {
            "rs": run_session,
            "parts": selectors.side_by_side(request.user, run_session),
            "resources": selectors.resources_of(run_session),
        }
        return render(request, "coaching/courses/answers.html", context)
    person = selectors.member_of(request.user, run)
    if person is None:
        raise PermissionDenied("A session's answers are for its cohort and its facilitator.")
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        parts=selectors.questions_by_part(run_session),
        given=selectors.own_answers(run_session, person),
    )
    if request.method == "POST" and form.is_valid():
        arguments = {"run_session": run_session, "person": person, "by": request.user}
        arguments |= {"answers": form.answers(), "blank_removes": True}
        if _saved(form, services.answers_save, **arguments) is not None:
            messages.success(request, "Your answers are saved.")
            return redirect(run)
    context = {"rs": run_session, "form": form, "resources": selectors.resources_of(run_session)}
    return render(request, "coaching/courses/answer.html", context)


@login_required
def run_session_typed_in(request, pk):
    run_session = selectors.get_run_session_for_user(request.user, pk, manage=True)
    parts = [p for p in selectors.questions_by_part(run_session) if p.part == "exit_ticket"]
    form = TypedInForm(
        request.POST or None,
        parts=parts,
        given={},
        people=run_session.run.cohort.members.select_related("district"),
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        arguments = {"run_session": run_session, "person": person, "by": request.user}
        if _saved(form, services.answers_save, answers=form.answers(), **arguments) is not None:
            messages.success(request, f"{person.full_name}'s exit ticket is typed in.")
            return redirect("coaching:run_session_typed_in", pk=run_session.pk)
    return render(request, "coaching/courses/typed_in.html", {"rs": run_session, "form": form})


@login_required
def run_session_adapt(request, pk):
    run_session = selectors.get_run_session_for_user(request.user, pk, manage=True)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        arguments = {"run_session": run_session, "by": request.user, **form.cleaned_data}
        if _saved(form, services.question_add, **arguments):
            messages.success(request, "Question added for this cohort.")
            return redirect("coaching:run_session_adapt", pk=run_session.pk)
    context = {"rs": run_session, "form": form, "parts": selectors.questions_by_part(run_session)}
    return render(request, "coaching/courses/adapt.html", context)


@login_required
def question_edit(request, pk):
    question = selectors.get_question_for_user(request.user, pk)
    form = QuestionEditForm(request.POST or None, initial={"text": question.text})
    if request.method == "POST" and form.is_valid():
        arguments = {"question": question, "by": request.user, **form.cleaned_data}
        if _saved(form, services.question_edit, **arguments):
            messages.success(request, "Question changed for this cohort.")
            return redirect("coaching:run_session_adapt", pk=question.run_session_id)
    return render(request, "coaching/courses/question_form.html", {"q": question, "form": form})


@login_required
@require_POST
def question_drop(request, pk):
    question = selectors.get_question_for_user(request.user, pk)
    try:
        services.question_drop(question=question, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, "Question dropped for this cohort.")
    return redirect("coaching:run_session_adapt", pk=question.run_session_id)


@login_required
@require_POST
def answer_follow_up(request, pk):
    answer = selectors.get_answer_for_user(request.user, pk)
    follow_up = request.POST.get("follow_up") == "1"
    services.answer_follow_up(answer=answer, by=request.user, follow_up=follow_up)
    messages.success(request, "Marked for follow-up." if follow_up else "Follow-up mark removed.")
    return redirect(f"{answer.question.run_session.get_absolute_url()}#q{answer.question_id}")


@login_required
def resource_download(request, pk):
    resource = selectors.get_resource_for_user(request.user, pk)
    if resource.library_video_id:
        # The video library (observations) streams it, to the course's cohorts among others.
        try:
            return redirect(reverse("observations:video_detail", args=[resource.library_video_id]))
        except NoReverseMatch:
            raise Http404("The video library is not installed.") from None
    return FileResponse(resource.file.open("rb"), as_attachment=True)


# --- keeping the course's outline (the program's associates, the site admin) ---------------------


def _moved(request, service, direction_of, **arguments):
    try:
        service(direction=request.POST.get("direction", ""), by=request.user, **arguments)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"Moved {direction_of}.")


@login_required
def course_edit(request, pk):
    course = selectors.get_course_for_edit(request.user, pk)
    form = CourseForm(request.POST or None, instance=copy.copy(course))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("name", "description")}
        if _saved(form, services.course_update, course=course, by=request.user, **fields):
            messages.success(request, "The course is saved.")
            return redirect("coaching:course_edit", pk=course.pk)
        course.refresh_from_db()
    context = {"course": course, "form": form, "outline": selectors.outline(course)}
    return render(request, "coaching/courses/course_edit.html", context)


@login_required
@require_POST
def course_complete(request, pk):
    course = selectors.get_course_for_edit(request.user, pk)
    try:
        services.course_mark_complete(course=course, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"{course} is completed: it is no longer sample content.")
    return redirect("coaching:course_edit", pk=course.pk)


@login_required
def unit_create(request, stage_pk):
    stage = selectors.get_stage_for_edit(request.user, stage_pk)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = _saved(
            form, services.unit_add, stage=stage, by=request.user, title=form.cleaned_data["title"]
        )
        if unit:
            messages.success(request, f"{unit} added to {stage}.")
            return redirect("coaching:course_edit", pk=stage.course_id)
    context = {"form": form, "course": stage.course, "heading": f"A new unit of {stage}"}
    return render(request, "coaching/courses/unit_form.html", context)


@login_required
def unit_edit(request, pk):
    unit = selectors.get_unit_for_edit(request.user, pk)
    form = UnitForm(request.POST or None, instance=copy.copy(unit))
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data["title"]
        if _saved(form, services.unit_update, unit=unit, by=request.user, title=title):
            messages.success(request, f"{unit} is saved.")
            return redirect("coaching:course_edit", pk=unit.stage.course_id)
        unit.refresh_from_db()
    context = {"form": form, "course": unit.stage.course, "heading": f"Edit {unit}"}
    return render(request, "coaching/courses/unit_form.html", context)


@login_required
@require_POST
def unit_move(request, pk):
    unit = selectors.get_unit_for_edit(request.user, pk)
    _moved(request, services.unit_move, unit.title, unit=unit)
    return redirect(
        f"{reverse('coaching:course_edit', args=[unit.stage.course_id])}#unit-{unit.pk}"
    )


@login_required
def course_session_create(request, unit_pk):
    unit = selectors.get_unit_for_edit(request.user, unit_pk)
    form = CourseSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = _saved(
            form, services.session_add, unit=unit, by=request.user, **form.cleaned_data
        )
        if session:
            messages.success(request, f"{session} added: add its questions and resources.")
            return redirect("coaching:course_session_edit", pk=session.pk)
    context = {"form": form, "course": unit.stage.course, "unit": unit}
    return render(request, "coaching/courses/session_form.html", context)


def _session_page(request, session, **forms_given):
    course = session.unit.stage.course
    context = {
        "course": course,
        "session": session,
        "form": forms_given.get("form") or CourseSessionForm(instance=copy.copy(session)),
        "question_form": forms_given.get("question_form") or CourseQuestionForm(),
        "resource_form": forms_given.get("resource_form")
        or ResourceForm(videos=selectors.library_video_choices(course.program)),
        "questions": selectors.session_questions(session),
        "resources": list(session.resources.order_by("kind", "title", "pk")),
        "run_count": selectors.runs_of_session(session),
    }
    return render(request, "coaching/courses/session_form.html", context)


@login_required
def course_session_edit(request, pk):
    session = selectors.get_course_session_for_edit(request.user, pk)
    form = CourseSessionForm(request.POST or None, instance=copy.copy(session))
    if request.method == "POST" and form.is_valid():
        arguments = {"session": session, "by": request.user, **form.cleaned_data}
        if _saved(form, services.session_update, **arguments):
            messages.success(request, f"{session} is saved.")
            return redirect("coaching:course_session_edit", pk=session.pk)
        session.refresh_from_db()
    return _session_page(request, session, form=form)


@login_required
@require_POST
def course_session_move(request, pk):
    session = selectors.get_course_session_for_edit(request.user, pk)
    _moved(request, services.session_move, session.title, session=session)
    course_id = session.unit.stage.course_id
    return redirect(f"{reverse('coaching:course_edit', args=[course_id])}#unit-{session.unit_id}")


@login_required
@require_POST
def course_question_add(request, session_pk):
    session = selectors.get_course_session_for_edit(request.user, session_pk)
    form = CourseQuestionForm(request.POST)
    if form.is_valid():
        arguments = {"session": session, "by": request.user, **form.cleaned_data}
        if _saved(form, services.course_question_add, **arguments):
            messages.success(request, "Question added to the course.")
            return redirect("coaching:course_session_edit", pk=session.pk)
    return _session_page(request, session, question_form=form)


@login_required
def course_question_edit(request, pk):
    question = selectors.get_course_question_for_edit(request.user, pk)
    form = CourseQuestionEditForm(request.POST or None, initial={"text": question.text})
    if request.method == "POST" and form.is_valid():
        arguments = {"question": question, "by": request.user, **form.cleaned_data}
        if _saved(form, services.course_question_update, **arguments):
            messages.success(request, "Question saved.")
            return redirect("coaching:course_session_edit", pk=question.session_id)
    context = {"q": question, "form": form, "course": question.session.unit.stage.course}
    return render(request, "coaching/courses/course_question_form.html", context)


@login_required
@require_POST
def course_question_drop(request, pk):
    question = selectors.get_course_question_for_edit(request.user, pk)
    services.course_question_drop(question=question, by=request.user)
    messages.success(request, "Question dropped from the course; the cohorts keep their copies.")
    return redirect("coaching:course_session_edit", pk=question.session_id)


@login_required
@require_POST
def course_resource_add(request, session_pk):
    session = selectors.get_course_session_for_edit(request.user, session_pk)
    videos = selectors.library_video_choices(session.unit.stage.course.program)
    form = ResourceForm(request.POST, request.FILES, videos=videos)
    if form.is_valid():
        arguments = {"session": session, "by": request.user, **form.cleaned_data}
        resource = _saved(form, services.resource_add, **arguments)
        if resource:
            messages.success(request, f"{resource} attached.")
            return redirect("coaching:course_session_edit", pk=session.pk)
    return _session_page(request, session, resource_form=form)


@login_required
@require_POST
def course_resource_drop(request, pk):
    resource = selectors.get_course_resource_for_edit(request.user, pk)
    services.resource_drop(resource=resource, by=request.user)
    messages.success(request, f"{resource} removed.")
    return redirect("coaching:course_session_edit", pk=resource.session_id)
