"""``manage.py library_documents``: put the mentoring agreement template and the current code
of conduct in the library, as Word files in English and in Swedish (``westem.documents``).
Run it again after publishing a new code of conduct: it updates the same four resources."""

from django.core.management.base import BaseCommand

from westem.documents import ensure_library_documents


class Command(BaseCommand):
    help = (
        "Create or update the library's documents: the mentoring agreement template and the "
        "current code of conduct, in English and in Swedish."
    )

    def handle(self, *args, **options):
        for resource, created in ensure_library_documents():
            state = "created" if created else "updated"
            self.stdout.write(f"{state}: {resource.title} ({resource.language})")
