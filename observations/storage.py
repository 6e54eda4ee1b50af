"""Where private files live: never under MEDIA_URL, only streamed by a view that checks access."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    # A callable, so the setting is read when used (tests point it at a temporary folder) and
    # migrations do not record a path.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
