"""Consultation documents: what a file really is, and where it is kept.

The type is read from the content, never from the name or the browser's claim: a PDF starts
with `%PDF-`; DOCX and ODT are ZIP files, told apart by what they contain. Files are stored
under UPLOAD_FOLDER with a generated name; the uploaded name is kept only as a label.
"""

import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
DOCX = FileType("docx", DOCX_MIMETYPE)
ODT = FileType("odt", ODT_MIMETYPE)


class DocumentRejected(ValueError):
    """An upload that is not an allowed document; `message` is a lazy, translated string."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def human_size(size: int) -> str:
    """A file size for people, in the page's language: "1,5 MB", "320 KB"."""
    if size >= 1024 * 1024:
        return _("%(size)s MB", size=format_decimal(size / (1024 * 1024), "#,##0.#"))
    return _("%(size)s KB", size=format_decimal(max(size / 1024, 0.1), "#,##0.#"))


def stream_size(stream: BinaryIO) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def _zip_type(stream: BinaryIO) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                if archive.read("mimetype").strip() == ODT_MIMETYPE.encode():
                    return ODT
            # A macro-enabled document (.docm) would reach citizens with its macros: refused.
            if "word/document.xml" in names and "word/vbaProject.bin" not in names:
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError):
        return None
    return None


def detect_type(stream: BinaryIO) -> FileType | None:
    """PDF, DOCX or ODT by content; None for anything else. Leaves the stream at 0."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(PDF_MAGIC):
            return PDF
        if head.startswith(ZIP_MAGIC):
            return _zip_type(stream)
        return None
    finally:
        stream.seek(0)


def check_upload(stream: BinaryIO, max_bytes: int) -> tuple[FileType, int]:
    """The type and size of an acceptable upload; raises `DocumentRejected` otherwise."""
    size = stream_size(stream)
    if size == 0:
        raise DocumentRejected(_l("The file is empty."))
    if size > max_bytes:
        raise DocumentRejected(
            _l(
                "The file is too large (%(size)s); the limit is %(limit)s.",
                size=human_size(size),
                limit=human_size(max_bytes),
            )
        )
    file_type = detect_type(stream)
    if file_type is None:
        raise DocumentRejected(
            _l("Only PDF, DOCX and ODT documents can be uploaded; this file is none of them.")
        )
    return file_type, size


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(stream: BinaryIO, file_type: FileType) -> str:
    """Write the upload under a generated name and return that name."""
    name = f"{secrets.token_hex(16)}.{file_type.extension}"
    target = upload_folder() / name
    stream.seek(0)
    with target.open("xb") as out:
        while chunk := stream.read(64 * 1024):
            out.write(chunk)
    return name


def stored_path(stored_name: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / stored_name


def remove(stored_name: str) -> None:
    """Delete a stored file; a file already gone is not an error."""
    stored_path(stored_name).unlink(missing_ok=True)
