"""Reads, and the one scoping mechanism of the product.

Every view that returns records asks here which records its user may see (`*_visible_to`) and fetches
single records with the `get_*_for_user` helpers. They answer 404 for a record outside the user's
scope, exactly as for a missing id, so ids leak nothing; and 403 when the user may read the record but
asked to change it.

Who sees what (DESIGN.md, "Who uses it"):
- a site admin (superuser) sees everything;
- a provider associate reads every district enrolled in a program they staff;
- a district admin reads and changes their own district's schools and roster;
- a principal reads their school and the people at it;
- a coach reads their own profile and their district's schools;
- everyone reads their own profile.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.queries import CompiledOnce, any_of, count_of

from ..models import (
    Cohort,
    Course,
    CourseRun,
    District,
    Enrollment,
    Person,
    Program,
    Registration,
    RoleMembership,
    School,
    TrainingEvent,
    User,
)

Role = RoleMembership.Role


@dataclass(frozen=True)
class Roles:
    """The role memberships of one login, as sets of ids, loaded once per request."""

    is_superuser: bool = False
    associate_program_ids: frozenset[int] = field(default_factory=frozenset)
    admin_district_ids: frozenset[int] = field(default_factory=frozenset)
    coach_district_ids: frozenset[int] = field(default_factory=frozenset)
    principal_school_ids: frozenset[int] = field(default_factory=frozenset)
    coachee_district_ids: frozenset[int] = field(default_factory=frozenset)
    # In a course's cohort, or an associate of a program with a course: read with the roles, in
    # their one query, for the navigation's Courses.
    in_courses: bool = False

    @property
    def has_courses(self):
        return self.is_superuser or self.in_courses

    @property
    def is_associate(self):
        return bool(self.associate_program_ids)

    @property
    def is_district_admin(self):
        return bool(self.admin_district_ids)

    @property
    def is_coach(self):
        return bool(self.coach_district_ids)

    @property
    def is_principal(self):
        return bool(self.principal_school_ids)

    @property
    def is_coachee(self):
        return bool(self.coachee_district_ids)

    @property
    def sees_districts(self):
        return self.is_superuser or self.is_associate or self.is_district_admin

    @property
    def scores_reviews(self):
        """Whether the navigation offers Scoring: those RolePermissionBackend grants the rubric
        permissions (associates), and the site admin. Read from the roles already loaded, where
        `perms.rubrics.change_rubric` would cost two permission queries on every page."""
        return self.is_superuser or self.is_associate

    @property
    def has_any(self):
        return self.is_superuser or any(
            (
                self.is_associate,
                self.is_district_admin,
                self.is_coach,
                self.is_principal,
                self.is_coachee,
            )
        )


def _role_rows(user_id):
    """The user's memberships, each with whether it gives the user a course: the EXISTS on each
    row finds a coach in a course's cohort, an associate of a program with a course (for the
    navigation's Courses, in the same query)."""
    in_cohort = CourseRun.objects.filter(cohort__members__user_id=OuterRef("user_id"))
    of_program = Course.objects.filter(program_id=OuterRef("program_id"))
    return (
        RoleMembership.objects.filter(user_id=user_id)
        .annotate(in_cohort=Exists(in_cohort), staffs_course=Exists(of_program))
        .order_by()  # the default order joins the user's name; nobody reads the order here
        .values_list("role", "program_id", "district_id", "school_id", "in_cohort", "staffs_course")
    )


# Every request reads the roles: its SQL is compiled once a process, not on each request.
_ROLE_ROWS = CompiledOnce(RoleMembership, _role_rows)


def roles_of(user: User) -> Roles:
    """The user's roles. Cached on the user object, so one query per request at most."""
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    ids = {role: set() for role in Role}
    in_courses = False
    for role, program_id, district_id, school_id, in_cohort_, staffs_course in _ROLE_ROWS.rows(
        user.pk
    ):
        ids[role].add(program_id or district_id or school_id)
        in_courses = in_courses or (role == Role.COACH and in_cohort_)
        in_courses = in_courses or (role == Role.ASSOCIATE and staffs_course)
    roles = Roles(
        is_superuser=user.is_superuser,
        associate_program_ids=frozenset(ids[Role.ASSOCIATE]),
        admin_district_ids=frozenset(ids[Role.DISTRICT_ADMIN]),
        coach_district_ids=frozenset(ids[Role.COACH]),
        principal_school_ids=frozenset(ids[Role.PRINCIPAL]),
        coachee_district_ids=frozenset(ids[Role.COACHEE]),
        in_courses=bool(in_courses),
    )
    user._roles_cache = roles
    return roles


def may_act_for_program(user: User, program: Program | int) -> bool:
    """May this user act for the program (schedule its trainings, approve and certify its
    candidates, keep its video library, change its settings)? Its associates may, and the site
    admin. The one place this rule is written: every app asks it here."""
    roles = roles_of(user)
    program_id = getattr(program, "pk", program)
    return roles.is_superuser or program_id in roles.associate_program_ids


def programs_acted_for(user: User) -> QuerySet[Program]:
    """The programs `may_act_for_program` allows this user: every one for the site admin."""
    roles = roles_of(user)
    if roles.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(pk__in=roles.associate_program_ids)


# --- districts ---------------------------------------------------------------------------------


def districts_visible_to(user: User) -> QuerySet[District]:
    """Districts whose schools and roster the user may read."""
    roles = roles_of(user)
    if roles.is_superuser:
        return District.objects.all()
    enrolled = Enrollment.objects.filter(program_id__in=roles.associate_program_ids)
    return District.objects.filter(
        Q(pk__in=roles.admin_district_ids) | Q(pk__in=enrolled.values("district_id"))
    )


def can_manage_district(user: User, district: District) -> bool:
    roles = roles_of(user)
    return roles.is_superuser or district.pk in roles.admin_district_ids


def district_list(user: User) -> QuerySet[District]:
    """Visible districts with their counts of active schools and active staff, by name."""
    return (
        districts_visible_to(user)
        .annotate(
            school_count=count_of(School.objects.filter(is_active=True), of="district"),
            staff_count=count_of(Person.objects.filter(is_active=True), of="district"),
        )
        .order_by("name", "pk")
    )


def get_district_for_user(user: User, pk: int, *, write: bool = False) -> District:
    district = get_object_or_404(districts_visible_to(user), pk=pk)
    if write and not can_manage_district(user, district):
        raise PermissionDenied("You may view this district but not change it.")
    return district


# --- schools -----------------------------------------------------------------------------------


def schools_visible_to(user: User) -> QuerySet[School]:
    roles = roles_of(user)
    if roles.is_superuser:
        return School.objects.all()
    return School.objects.filter(
        Q(district__in=districts_visible_to(user))
        | Q(district_id__in=roles.coach_district_ids)
        | Q(pk__in=roles.principal_school_ids)
    )


def get_school_for_user(user: User, pk: int, *, write: bool = False) -> School:
    school = get_object_or_404(schools_visible_to(user).select_related("district"), pk=pk)
    if write and not can_manage_district(user, school.district):
        raise PermissionDenied("You may view this school but not change it.")
    return school


def school_list(*, district: District) -> QuerySet[School]:
    return district.schools.annotate(
        staff_count=count_of(Person.objects.filter(is_active=True), of="school")
    ).order_by("-is_active", "name", "pk")


# --- people ------------------------------------------------------------------------------------


def people_visible_to(user: User) -> QuerySet[Person]:
    roles = roles_of(user)
    if roles.is_superuser:
        return Person.objects.all()
    if not user.is_authenticated:
        return Person.objects.none()
    # A UNION of one indexed query a role (core/queries.py): an OR of a subquery and two
    # columns leaves PostgreSQL no index to use, so it read every person.
    branches = [
        Person.objects.filter(user=user),
        Person.objects.filter(district__in=districts_visible_to(user)),
    ]
    if roles.principal_school_ids:
        branches.append(Person.objects.filter(school_id__in=roles.principal_school_ids))
    return any_of(Person, *branches)


def district_admins_by_district(district_ids) -> dict[int, list[User]]:
    """The active admins of each district, in one query: for jobs that notify many districts."""
    found: dict[int, list[User]] = {}
    for membership in RoleMembership.objects.filter(
        role=Role.DISTRICT_ADMIN, district_id__in=set(district_ids), user__is_active=True
    ).select_related("user"):
        found.setdefault(membership.district_id, []).append(membership.user)
    return found


def associates_by_program(program_ids) -> dict[int, list[User]]:
    """The active associates of each program, in one query."""
    found: dict[int, list[User]] = {}
    for membership in RoleMembership.objects.filter(
        role=Role.ASSOCIATE, program_id__in=set(program_ids), user__is_active=True
    ).select_related("user"):
        found.setdefault(membership.program_id, []).append(membership.user)
    return found


def district_admins(district_id: int) -> list[User]:
    """The active logins that administer a district: whom its pipeline news goes to."""
    return district_admins_by_district([district_id]).get(district_id, [])


def colleagues_of(person: Person) -> QuerySet[Person]:
    """The active staff of the person's district but them: whom they may name as observed."""
    return (
        Person.objects.filter(district_id=person.district_id, is_active=True)
        .exclude(pk=person.pk)
        .order_by("last_name", "first_name")
    )


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    person = get_object_or_404(
        people_visible_to(user).select_related("district", "school", "user"), pk=pk
    )
    if write and not can_manage_district(user, person.district):
        raise PermissionDenied("You may view this person but not change their record.")
    return person


def staff_list(*, district: District) -> QuerySet[Person]:
    """A district's roster by name, before the roster page's filters (coaching/filters)."""
    return district.people.select_related("school", "user").order_by(
        "last_name", "first_name", "pk"
    )


def with_role_labels(people):
    """The people, each given `role_labels`: the roles their login holds. One query for all."""
    people = list(people)
    user_ids = [p.user_id for p in people if p.user_id]
    labels: dict[int, list[str]] = {}
    memberships = RoleMembership.objects.filter(user_id__in=user_ids).order_by("role")
    for m in memberships:
        labels.setdefault(m.user_id, []).append(m.get_role_display())
    for person in people:
        person.role_labels = labels.get(person.user_id, [])
    return people


# --- programs ----------------------------------------------------------------------------------


def programs_visible_to(user: User) -> QuerySet[Program]:
    roles = roles_of(user)
    if roles.is_superuser:
        return Program.objects.all()
    district_ids = (
        roles.admin_district_ids | roles.coach_district_ids | principal_district_ids(user)
    )
    return Program.objects.filter(
        Q(pk__in=roles.associate_program_ids)
        | Q(pk__in=Enrollment.objects.filter(district_id__in=district_ids).values("program_id"))
    )


def program_list(user: User) -> QuerySet[Program]:
    return (
        programs_visible_to(user)
        .select_related("provider")
        .annotate(district_count=count_of(Enrollment.objects.all(), of="program"))
        .order_by("name", "pk")
    )


def get_program_for_user(user: User, pk: int) -> Program:
    return get_object_or_404(programs_visible_to(user).select_related("provider"), pk=pk)


def principal_district_ids(user: User) -> set[int]:
    school_ids = roles_of(user).principal_school_ids
    if not school_ids:
        return set()
    return set(School.objects.filter(pk__in=school_ids).values_list("district_id", flat=True))


def program_enrollments(*, program: Program, user: User) -> QuerySet[Enrollment]:
    """The program's enrolled districts that this user may see: those whose roster they read, and
    their own district as a coach or principal (named, not opened)."""
    roles = roles_of(user)
    own = roles.coach_district_ids | principal_district_ids(user)
    return (
        program.enrollments.filter(
            Q(district__in=districts_visible_to(user)) | Q(district_id__in=own)
        )
        .select_related("district")
        .order_by("district__name", "pk")
    )


def district_programs(*, district: District, user: User) -> QuerySet[Enrollment]:
    """The district's enrollments in programs this user may see."""
    return (
        district.enrollments.filter(program__in=programs_visible_to(user))
        .select_related("program__provider")
        .order_by("program__name")
    )


def principal_schools(user: User) -> QuerySet[School]:
    """The schools the user is principal of, with their counts of active staff and their active
    staff (as `active_people`)."""
    return (
        schools_visible_to(user)
        .filter(pk__in=roles_of(user).principal_school_ids)
        .select_related("district")
        .annotate(staff_count=count_of(Person.objects.filter(is_active=True), of="school"))
        .prefetch_related(
            Prefetch(
                "people",
                queryset=Person.objects.filter(is_active=True).order_by("last_name", "first_name"),
                to_attr="active_people",
            )
        )
    )


def memberships_of(user: User) -> QuerySet[RoleMembership]:
    return RoleMembership.objects.filter(user=user).select_related(
        "program", "district", "school__district"
    )


# Training has its own module; its selectors are imported here for the callers of
# `coaching.selectors`. It uses `roles_of` above, so it is imported last.
from . import courses  # noqa: E402, F401
from .training import (  # noqa: E402
    audience_of,
    can_manage_event,
    cohorts_of,
    event_list,
    event_registrations,
    events_visible_to,
    get_event_for_user,
    get_registration_for_user,
    programs_scheduled_by,
    registerable_people,
    registrations_visible_to,
)
