"""``manage.py seed_demo``: a believable demo program for trying the platform out.

About 30 mentors and 60 mentees across Europe, the program team (staff, admin, reporter) and
five known logins. The demo's data is in ``westem/demo/``; ``westem.demo.load`` writes it
through the apps' services. Running the command again creates nothing new and resets the
known logins' password, so they always work.
"""

from django.core.management.base import BaseCommand, CommandError

from westem.demo import load
from westem.demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create a demo program: about 30 mentors and 60 mentees across Europe and five known "
        "logins. Running it again creates nothing new and resets the known logins' password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"Password of the demo logins (default: {DEMO_PASSWORD}).",
        )

    def handle(self, *args, password: str, **options):
        if not password:
            raise CommandError("The demo password cannot be empty.")
        demo = load.load(password=password)
        for line in load.summary(demo):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("\n".join(load.logins(demo))))
