"""Lapse every active certificate past its expiry date. Safe to run again: it lapses nothing twice."""

from django.core.management.base import BaseCommand

from certification.services.certificates import certificates_lapse_expired


class Command(BaseCommand):
    help = "Mark active certificates whose expiry date has passed as lapsed; prints how many."

    def handle(self, *args, **options):
        count = certificates_lapse_expired()
        self.stdout.write(f"{count} certificate{'' if count == 1 else 's'} lapsed.")
