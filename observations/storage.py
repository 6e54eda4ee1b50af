"""Where private files live: never under MEDIA_URL, only streamed by a view that checks access.
The storage is core's (core/artifacts.py), shared with coaching's peer artifacts; the name stays
here because the migrations name it."""

from core.artifacts import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
