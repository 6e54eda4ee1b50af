"""Builds the demo: a realistic, repeatable set of programs, districts, schools, staff and logins.

Running it again changes nothing that is already there (every row is looked up by a natural key first),
so it is safe on every `make run`.
"""

import datetime

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from certification.management.commands import _demo_calendar as demo_calendar
from certification.management.commands import _demo_checkins as demo_checkins
from certification.management.commands import _demo_courses as demo_courses
from certification.management.commands import _demo_engagements as demo_engagements
from certification.management.commands import _demo_history as demo_history
from certification.management.commands import _demo_peer as demo_peer
from certification.management.commands import _demo_pipeline as demo_pipeline
from certification.management.commands import _demo_practice as demo_practice
from coaching.models import (
    District,
    Enrollment,
    Person,
    Program,
    Provider,
    RoleChange,
    RoleMembership,
    School,
    TrainingEvent,
    User,
)
from coaching.selectors import training as training_selectors
from coaching.services import roles as role_services
from coaching.services import training as training_services

DEMO_PASSWORD = "coach-demo-2026"

PROGRAMS = [
    (
        "key2ed",
        "Key2Ed",
        "key2ed-facilitator-coaching",
        "Key2Ed Facilitator Coaching",
        Program.Kind.FACILITATOR_CERTIFICATION,
        "Certification of coaches for facilitated IEP meetings: identification, advanced training, "
        "feedback review on the Coaching Facilitation Rubric, recertification on video.",
    ),
    (
        "il-mtss-network",
        "Illinois MTSS Network",
        "il-mtss-coach-the-coach",
        "MTSS Network coaching (coach the coach)",
        Program.Kind.NETWORK,
        "A network coach models, then supports and gives feedback, then releases the district team "
        "to self-monitor.",
    ),
]

DISTRICTS = {
    "maple-valley": {
        "name": "Maple Valley School District",
        "state": "MO",
        "schools": [
            "Maple Valley Elementary",
            "Cedar Ridge Middle School",
            "Maple Valley High School",
        ],
        "staff": [
            (
                "Dana",
                "Whitfield",
                "Director of Special Education",
                None,
                "admin@maplevalley.example",
            ),
            ("Jordan", "Reyes", "School Psychologist", 0, "coach@maplevalley.example"),
            ("Priya", "Natarajan", "Special Education Teacher", 1, "coach2@maplevalley.example"),
            ("Marcus", "Bell", "Principal", 0, "principal@maplevalley.example"),
            ("Elena", "Sorensen", "Speech-Language Pathologist", 0, ""),
            ("Tomás", "Ortega", "Special Education Teacher", 1, "coach3@maplevalley.example"),
            ("Grace", "Liu", "Assistant Principal", 2, "coach4@maplevalley.example"),
            ("Samuel", "Okafor", "School Counselor", 2, ""),
            ("Hannah", "Brooks", "Case Manager", 2, ""),
            ("Ivy", "Chen", "Special Education Coordinator", None, ""),
        ],
        "roles": {
            "admin@maplevalley.example": [RoleMembership.Role.DISTRICT_ADMIN],
            "coach@maplevalley.example": [RoleMembership.Role.COACH],
            "coach2@maplevalley.example": [RoleMembership.Role.COACH],
            "coach3@maplevalley.example": [RoleMembership.Role.COACH],
            "coach4@maplevalley.example": [RoleMembership.Role.COACH],
            "principal@maplevalley.example": [RoleMembership.Role.PRINCIPAL],
        },
    },
    "riverbend": {
        "name": "Riverbend Unified School District",
        "state": "IL",
        "schools": ["Riverbend Primary", "Lakeside Elementary", "Riverbend Junior High"],
        "staff": [
            ("Ruth", "Delgado", "Coaching Coordinator", None, "admin@riverbend.example"),
            ("Owen", "Fitzgerald", "Special Education Teacher", 0, "coach@riverbend.example"),
            ("Maya", "Patel", "School Social Worker", 1, ""),
            ("Carlos", "Mendes", "Principal", 1, ""),
            ("Lena", "Novak", "Special Education Teacher", 2, ""),
            ("Isaac", "Turner", "School Psychologist", 2, ""),
        ],
        "roles": {
            "admin@riverbend.example": [RoleMembership.Role.DISTRICT_ADMIN],
            "coach@riverbend.example": [RoleMembership.Role.COACH],
        },
    },
}

ASSOCIATE = ("associate@key2ed.example", "Alex", "Morgan")
ASSOCIATE_2 = ("associate2@key2ed.example", "Jamie", "Park")
NETWORK_ASSOCIATE = ("associate@ilmtss.example", "Nora", "Quinn")
SITE_ADMIN = ("siteadmin@coaching.example", "Site", "Admin")


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (it creates logins with a published password).",
        )

    def handle(self, *args, **options):
        # One transaction; the e-mail of the demo's notifications goes out when it commits (to the
        # console with `make run`), and the logins are printed after them, where they are seen.
        with transaction.atomic():
            self._load(**options)
        self._print_logins()

    def _load(self, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "The demo creates logins whose password is in the README: it runs only with "
                "DEBUG on. Use --force to load it anyway (never on a real installation)."
            )
        programs = {}
        for p_slug, p_name, slug, name, kind, description in PROGRAMS:
            provider, _ = Provider.objects.get_or_create(slug=p_slug, defaults={"name": p_name})
            programs[slug], _ = Program.objects.get_or_create(
                slug=slug,
                defaults={
                    "provider": provider,
                    "name": name,
                    "kind": kind,
                    "description": description,
                },
            )
        key2ed = programs["key2ed-facilitator-coaching"]

        for slug, spec in DISTRICTS.items():
            if District.objects.filter(slug=slug).exists():
                continue  # seeded before: whatever was changed since is the user's, left alone
            district = District.objects.create(slug=slug, name=spec["name"], state=spec["state"])
            Enrollment.objects.get_or_create(
                program=key2ed,
                district=district,
                defaults={"enrolled_on": datetime.date(2026, 8, 1)},
            )
            schools = [School.objects.create(district=district, name=n) for n in spec["schools"]]
            for first, last, title, school_index, login in spec["staff"]:
                user = self._user(login, first, last) if login else None
                school = schools[school_index] if school_index is not None else None
                Person.objects.create(
                    district=district,
                    user=user,
                    first_name=first,
                    last_name=last,
                    job_title=title,
                    school=school,
                    email=login or f"{slugify(first)}.{slugify(last)}@{slug}.example",
                )
                for role in spec["roles"].get(login, []):
                    scope = {"school": school} if role == "principal" else {"district": district}
                    membership, made = RoleMembership.objects.get_or_create(
                        user=user, role=role, **scope
                    )
                    if (
                        made
                    ):  # the staff page's history lists the roles as the site admin gives them
                        role_services.role_change_record(
                            membership=membership, action=RoleChange.Action.GRANTED, by=None
                        )
        mtss = programs["il-mtss-coach-the-coach"]
        riverbend = District.objects.get(slug="riverbend")
        Enrollment.objects.get_or_create(
            program=mtss, district=riverbend, defaults={"enrolled_on": datetime.date(2026, 9, 1)}
        )

        associates = []
        for email, first, last in (ASSOCIATE, ASSOCIATE_2):
            associates.append(self._user(email, first, last))
            RoleMembership.objects.get_or_create(
                user=associates[-1], role=RoleMembership.Role.ASSOCIATE, program=key2ed
            )
        network_associate = self._user(*NETWORK_ASSOCIATE)
        RoleMembership.objects.get_or_create(
            user=network_associate, role=RoleMembership.Role.ASSOCIATE, program=mtss
        )
        self._network_training(mtss, network_associate)
        site_admin = self._user(*SITE_ADMIN)
        if not site_admin.is_superuser:
            site_admin.is_superuser = site_admin.is_staff = True
            site_admin.save(update_fields=["is_superuser", "is_staff"])
        # The CFR is Key2Ed's; the (public) Missouri practice profile is kept by the network
        # provider in the demo, so that Key2Ed's associates read it but do not edit it.
        call_command(
            "install_rubrics",
            owner=f"provider:{key2ed.provider_id}",
            profile_owner=f"provider:{mtss.provider_id}",
            stdout=self.stdout,
        )
        demo_practice.load(associates=associates)
        demo_pipeline.load(program=key2ed, associate=associates[0])
        demo_engagements.load(user_for=self._user, mtss=mtss)
        demo_checkins.load(site_admin=site_admin)
        demo_courses.load(user_for=self._user, stdout=self.stdout)
        demo_peer.load(user_for=self._user)
        demo_history.load(program=key2ed, associate=associates[0])
        demo_calendar.load(key2ed=key2ed, associate=associates[0])

    def _network_training(self, program, associate):
        """The network's trainings for its coaches: one past, with its attendance, and one to
        come. Only once: what was scheduled since is the user's."""
        if program.training_events.exists():
            return
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        coaches = TrainingEvent.Audience.COACHES
        past = training_services.event_schedule(
            program=program,
            by=associate,
            kind=TrainingEvent.Kind.NETWORK_TRAINING,
            title="Coach the coach: modelling a data review",
            audience=coaches,
            starts_at=now - datetime.timedelta(days=12),
            duration_minutes=120,
            location="Online",
        )
        for person in training_selectors.audience_of(past):
            registration = training_services.registration_create(
                event=past, person=person, by=associate
            )
            training_services.attendance_record(
                event=past, attendance={registration.pk: "attended"}, by=associate
            )
        upcoming = training_services.event_schedule(
            program=program,
            by=associate,
            kind=TrainingEvent.Kind.NETWORK_TRAINING,
            title="Gradual release: handing over the team meeting",
            audience=coaches,
            starts_at=now + datetime.timedelta(days=9),
            duration_minutes=90,
            location="Riverbend District Office, Room 4",
            capacity=20,
        )
        for person in training_selectors.audience_of(upcoming):
            training_services.registration_create(event=upcoming, person=person, by=associate)

    def _user(self, email, first, last):
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _print_logins(self):
        rows = [
            ("Provider associate (Key2Ed)", ASSOCIATE[0]),
            ("Second associate (Key2Ed)", ASSOCIATE_2[0]),
            ("Network associate (IL MTSS)", NETWORK_ASSOCIATE[0]),
            ("District admin, Maple Valley", "admin@maplevalley.example"),
            ("District admin, Riverbend", "admin@riverbend.example"),
            ("Coach, Maple Valley", "coach@maplevalley.example"),
            ("Coach, Riverbend", "coach@riverbend.example"),
            ("Certified coach, Maple Valley", "coach3@maplevalley.example"),
            ("Coach expiring soon, Maple Valley", "coach4@maplevalley.example"),
            ("Principal, Maple Valley Elementary", "principal@maplevalley.example"),
            ("Network coach (IL MTSS)", demo_engagements.NETWORK_COACH[0]),
            ("Coachee (teacher), Maple Valley", demo_engagements.COACHEE[0]),
            ("Course facilitator (Steplab)", demo_courses.FACILITATOR[0]),
            ("Peer coach, Maple Valley Elementary", demo_peer.PEER_COACH[0]),
            ("Peer partner (teacher)", demo_peer.PARTNER[0]),
            ("Site admin (Django admin)", SITE_ADMIN[0]),
        ]
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:"))
        for label, email in rows:
            self.stdout.write(f"  {label:<36} {email}")
        self.stdout.write(f"  Every demo login's password: {DEMO_PASSWORD}")
