"""Files uploaded to the library, checked by their content (magic bytes, with the ``filetype``
library), never by their name alone: a program renamed ``report.pdf`` is still a program."""

import os
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# filetype reads this much of the start of a file (its own default).
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    label: str | Promise  # what the download button says: "PDF", "Word document"
    content_type: str  # what the download is served as
    extensions: tuple[str, ...]  # the names it may have, the first one preferred


# The kinds the library keeps, by the name filetype gives them.
FILE_KINDS: dict[str, FileKind] = {
    "pdf": FileKind("PDF", "application/pdf", (".pdf",)),
    "docx": FileKind(
        gettext_lazy("Word document"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "xlsx": FileKind(
        gettext_lazy("Excel spreadsheet"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
    ),
    "pptx": FileKind(
        gettext_lazy("PowerPoint presentation"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (".pptx",),
    ),
    "odt": FileKind(
        gettext_lazy("OpenDocument text"), "application/vnd.oasis.opendocument.text", (".odt",)
    ),
    "ods": FileKind(
        gettext_lazy("OpenDocument spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
        (".ods",),
    ),
    "odp": FileKind(
        gettext_lazy("OpenDocument presentation"),
        "application/vnd.oasis.opendocument.presentation",
        (".odp",),
    ),
    "png": FileKind(gettext_lazy("PNG image"), "image/png", (".png",)),
    "jpg": FileKind(gettext_lazy("JPEG image"), "image/jpeg", (".jpg", ".jpeg")),
    # Plain text has no magic bytes: it is UTF-8 without control characters, named .txt.
    "txt": FileKind(gettext_lazy("Text file"), "text/plain", (".txt",)),
}
KIND_BY_CONTENT_TYPE = {kind.content_type: kind for kind in FILE_KINDS.values()}
# Programs, whatever they are named.
EXECUTABLES = {"elf", "exe", "wasm", "crx", "deb", "rpm", "swf", "nes"}
# Control characters that do not occur in a text file (tab, line feed, carriage return and
# form feed do).
_TEXT_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"


def content_type_for_download(stored: str) -> str:
    """The stored type when the library knows it; anything else downloads as bytes."""
    return stored if stored in KIND_BY_CONTENT_TYPE else "application/octet-stream"


def label_for(content_type: str) -> str:
    kind = KIND_BY_CONTENT_TYPE.get(content_type)
    return str(kind.label) if kind else _("File")


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _is_text(file) -> bool:
    data = _read_all(file)
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(byte in _TEXT_CONTROL for byte in data)


def check_resource_file(file) -> FileKind:
    """The kind of an upload to the library, or a ValidationError with a message for staff.

    Refused: an empty file, one over ``RESOURCE_FILE_MAX_BYTES``, a program (ELF, Windows
    executable) under any name, content of a kind the library does not keep, and a name whose
    extension does not match the content."""
    max_bytes = settings.RESOURCE_FILE_MAX_BYTES
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        found = filetype.guess(file.read(HEAD_BYTES))
        extension = os.path.splitext(file.name or "")[1].lower()
        if found is None and extension in FILE_KINDS["txt"].extensions and _is_text(file):
            name = "txt"
        else:
            name = found.extension if found else ""
    finally:
        file.seek(position)
    if name in EXECUTABLES:
        raise ValidationError(
            _(
                "This file is a program, not a document, whatever its name says. Programs "
                "cannot be put in the library."
            ),
            code="file_executable",
        )
    kind = FILE_KINDS.get(name)
    if kind is None:
        raise ValidationError(
            _(
                "The library accepts PDF, Word, Excel and PowerPoint files, OpenDocument "
                "files, PNG and JPEG images and plain text; the content of this file is none "
                "of these."
            ),
            code="file_type",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            _(
                "The content of this file is of type %(kind)s, but its name ends in "
                "“%(extension)s”. Rename it to end in %(expected)s and upload it again."
            )
            % {
                "kind": kind.extensions[0].lstrip(".").upper(),
                "extension": extension or _("(nothing)"),
                "expected": kind.extensions[0],
            },
            code="file_extension",
        )
    return kind
