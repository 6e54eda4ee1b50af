"""Where private files live: never under MEDIA_URL, only streamed by a view that checks access."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A file system storage under PRIVATE_MEDIA_ROOT, read each time it is used: Django evaluates a
    field's storage callable once, when the models load, so a location fixed then would ignore
    `override_settings` in tests. Its files have no URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(
            "A private file has no public URL: stream it through a view that checks access."
        )


def private_storage():
    # A callable, so that migrations do not record a path.
    return PrivateStorage()
