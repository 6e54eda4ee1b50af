"""Where private files live (core/storage.py, shared with coaching's course resources and peer artifacts); the
name stays here for the migrations that recorded it."""

from core.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
