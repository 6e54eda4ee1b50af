"""Artifacts: files a party of a coaching engagement attaches (an observation's evidence, a peer
partner's artifact of growth). One check of what a file may be, and one private storage, for every
app that keeps them: it lives here, below the apps, because coaching may not import observations
(DESIGN.md's direction) and both keep artifacts.

A file is recognised by its content, not its name (a .pdf that is really a program or a web page
is refused), and may be up to ARTIFACT_MAX_MB. Private files live under PRIVATE_MEDIA_ROOT, never
under MEDIA_URL: only a view that checks access streams them (core/storage.py)."""

import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

# What an artifact may be, recognised by its content (not its name): MIME type -> what people call
# it. The office formats are those `filetype` recognises (Microsoft's and OpenDocument's).
ARTIFACT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG image",
    "image/png": "PNG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "image/heic": "HEIC photo",
    "application/msword": "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.ms-excel": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.ms-powerpoint": "PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint presentation"
    ),
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
}
ARTIFACT_TYPES_TEXT = "a PDF, an image (JPEG, PNG, GIF, WebP, HEIC) or an office document"
# What a file input offers to choose (the check above is what decides).
ARTIFACT_ACCEPT = (
    ".pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
)


def artifact_max_bytes() -> int:
    return settings.ARTIFACT_MAX_MB * 1024 * 1024


def artifact_checked(file: File, *, name_max: int):
    """Check a file to be kept as an artifact: not empty, at most ARTIFACT_MAX_MB, one of
    ARTIFACT_TYPES by its content. Returns (name as uploaded, cut to `name_max`; MIME type;
    file extension); otherwise raises ValidationError on "file", and nothing is kept."""
    if not file.size:
        raise ValidationError({"file": "This file is empty. Choose the file again."})
    if file.size > artifact_max_bytes():
        raise ValidationError(
            {
                "file": f"This file is {filesizeformat(file.size)}; an artifact may be up to "
                f"{settings.ARTIFACT_MAX_MB} MB. Make it smaller, then attach it again."
            }
        )
    file.seek(0)
    kind = filetype.guess(bytes(file.read(8192)))
    file.seek(0)
    if kind is None or kind.mime not in ARTIFACT_TYPES:
        raise ValidationError(
            {
                "file": f"This file is not {ARTIFACT_TYPES_TEXT}: its content was checked, not "
                "its name. Nothing was attached."
            }
        )
    name = (getattr(file, "name", "") or "artifact").rsplit("/", 1)[-1][:name_max]
    return name, kind.mime, kind.extension


def artifact_save(artifact, file: File, *, extension: str):
    """Write an artifact whose file `artifact_checked` passed: the row validated, the file saved
    under a generated name in the private storage, then the row; no file is left behind when the
    row is not written."""
    artifact.full_clean(exclude=["file"])
    artifact.file.save(f"{uuid.uuid4().hex}.{extension}", file, save=False)
    try:
        artifact.save()
    except Exception:
        artifact.file.delete(save=False)
        raise
    return artifact
