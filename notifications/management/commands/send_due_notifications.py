"""Send the outbox's pending emails whose time has come (what beat's sweep does), once or
every few seconds: ``make run`` has no beat, so it runs this beside the development server."""

import time

from django.core.management.base import BaseCommand

from notifications import outbox


class Command(BaseCommand):
    help = "Send the pending emails whose time has come (the sweep)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Sweep again every SECONDS until stopped (default: once).",
        )

    def handle(self, *args, every: int, **options):
        while True:
            sent = outbox.sweep()
            if sent or not every:
                self.stdout.write(f"Sent {sent} pending email(s).")
            if not every:
                return
            time.sleep(every)
