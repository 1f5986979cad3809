"""Staff manage a consultation's sections and its dossier of documents."""

import io
from pathlib import Path

import pytest

from app.consultations.models import Document, DocumentKind, Section
from app.extensions import db

from .helpers import MINIMAL_PDF, audit_actions, minimal_docx, minimal_odt


def headings(c):
    db.session.expire_all()
    return [
        s.heading_bg
        for s in db.session.scalars(
            db.select(Section).where(Section.consultation_id == c.id).order_by(Section.position)
        )
    ]


def test_a_section_is_added_in_both_languages(staff_client, make):
    c = make.consultation("draft", sections=0)
    response = staff_client.post(
        f"/staff/consultations/{c.id}/sections",
        data={
            "section-heading_bg": "Член 1. Предмет",
            "section-heading_en": "Article 1. Subject",
            "section-body_bg": "Наредбата урежда...",
            "section-body_en": "The ordinance governs...",
        },
    )
    assert response.status_code == 302
    section = db.session.scalar(db.select(Section))
    assert (section.heading_bg, section.heading_en, section.position) == (
        "Член 1. Предмет",
        "Article 1. Subject",
        0,
    )
    assert audit_actions() == ["section.create"]


def test_a_section_needs_a_heading_and_keeps_the_typed_text(staff_client, make):
    c = make.consultation("draft", sections=0)
    response = staff_client.post(
        f"/staff/consultations/{c.id}/sections?lang=en",
        data={
            "section-heading_bg": "",
            "section-heading_en": "",
            "section-body_bg": "Текст без заглавие",
            "section-body_en": "",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give a heading in at least one language." in page
    assert "Текст без заглавие" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Section)) == 0


def test_sections_are_edited_and_reordered(staff_client, make):
    c = make.consultation("draft", sections=3)
    first, second, third = c.sections
    response = staff_client.post(
        f"/staff/sections/{second.id}/edit",
        data={
            "section-heading_bg": "Нов раздел",
            "section-heading_en": "New section",
            "section-body_bg": "",
            "section-body_en": "",
        },
    )
    assert response.status_code == 302
    assert headings(c) == ["Раздел 1", "Нов раздел", "Раздел 3"]
    assert staff_client.post(f"/staff/sections/{third.id}/move/up").status_code == 302
    assert headings(c) == ["Раздел 1", "Раздел 3", "Нов раздел"]
    staff_client.post(f"/staff/sections/{first.id}/move/down")
    assert headings(c) == ["Раздел 3", "Раздел 1", "Нов раздел"]
    staff_client.post(f"/staff/sections/{third.id}/move/up")  # already first: nothing moves
    assert headings(c) == ["Раздел 3", "Раздел 1", "Нов раздел"]
    assert "section.move" in audit_actions()


def test_a_section_without_comments_is_deleted_one_with_comments_is_kept(staff_client, make):
    c = make.consultation("open", sections=2)
    quiet, discussed = c.sections
    make.comment(c, make.citizen(), section_id=discussed.id)
    assert staff_client.post(f"/staff/sections/{quiet.id}/delete").status_code == 302
    response = staff_client.post(f"/staff/sections/{discussed.id}/delete?lang=en")
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This section has comments, so it cannot be deleted." in page
    assert headings(c) == ["Раздел 2"]
    assert audit_actions() == ["section.delete"]


def upload(client, c, content, name, kind="draft_act", title="Проект на наредба", lang="en"):
    return client.post(
        f"/staff/consultations/{c.id}/documents?lang={lang}",
        data={
            "document-kind": kind,
            "document-title": title,
            "document-file": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("content", "name", "content_type", "extension"),
    [
        (MINIMAL_PDF, "проект.pdf", "application/pdf", "pdf"),
        (
            minimal_docx(),
            "мотиви.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (minimal_odt(), "оценка.odt", "application/vnd.oasis.opendocument.text", "odt"),
        # The content decides, not the name the browser sent.
        (MINIMAL_PDF, "scan.bin", "application/pdf", "pdf"),
    ],
)
def test_real_documents_are_stored_under_a_generated_name(
    staff_client, make, app, content, name, content_type, extension
):
    c = make.consultation("draft")
    response = upload(staff_client, c, content, name)
    assert response.status_code == 302
    doc = db.session.scalar(db.select(Document))
    assert doc.kind is DocumentKind.DRAFT_ACT
    assert doc.title == "Проект на наредба"
    assert doc.original_name == name
    assert doc.content_type == content_type
    assert doc.size_bytes == len(content)
    assert name not in doc.stored_name
    assert doc.stored_name.endswith("." + extension)
    assert len(doc.stored_name) == 32 + 1 + len(extension)
    stored = Path(app.config["UPLOAD_FOLDER"]) / doc.stored_name
    assert stored.read_bytes() == content
    assert audit_actions() == ["document.upload"]


def test_a_text_file_named_pdf_is_refused(staff_client, make, app):
    c = make.consultation("draft")
    before = set(Path(app.config["UPLOAD_FOLDER"]).glob("*"))
    response = upload(staff_client, c, "Това не е PDF.".encode(), "наредба.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Only PDF, DOCX and ODT documents can be uploaded" in page
    assert 'value="Проект на наредба"' in page  # the title typed is kept
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0
    assert set(Path(app.config["UPLOAD_FOLDER"]).glob("*")) == before


def test_a_zip_that_is_no_document_is_refused(staff_client, make):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    c = make.consultation("draft")
    response = upload(staff_client, c, buffer.getvalue(), "fake.docx")
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0


def test_a_word_file_with_macros_is_refused(staff_client, make):
    import zipfile

    buffer = io.BytesIO(minimal_docx())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\x00macro")
    c = make.consultation("draft")
    response = upload(staff_client, c, buffer.getvalue(), "мотиви.docx")
    assert response.status_code == 200
    assert "Only PDF, DOCX and ODT" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0


def test_an_oversize_file_is_refused(staff_client, make, app):
    app.config["MAX_DOCUMENT_BYTES"] = 1024
    c = make.consultation("draft")
    response = upload(staff_client, c, MINIMAL_PDF + b"0" * 2000, "big.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The file is too large" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0


def test_a_request_beyond_the_server_limit_gets_a_clear_message(staff_client, make, app):
    app.config["MAX_DOCUMENT_BYTES"] = 1024
    app.config["MAX_CONTENT_LENGTH"] = 4096
    c = make.consultation("draft")
    response = upload(staff_client, c, MINIMAL_PDF + b"0" * 10_000, "huge.pdf")
    assert response.status_code == 302
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The file is too large" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0


def test_an_empty_file_and_a_missing_file_are_refused(staff_client, make):
    c = make.consultation("draft")
    page = upload(staff_client, c, b"", "empty.pdf").get_data(as_text=True)
    assert "The file is empty." in page
    response = staff_client.post(
        f"/staff/consultations/{c.id}/documents?lang=en",
        data={"document-kind": "motives", "document-title": "Мотиви"},
        content_type="multipart/form-data",
    )
    assert "Choose a file to upload." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0


def test_a_document_is_deleted_with_its_file(staff_client, make, app):
    c = make.consultation("draft")
    upload(staff_client, c, MINIMAL_PDF, "a.pdf")
    doc = db.session.scalar(db.select(Document))
    stored = Path(app.config["UPLOAD_FOLDER"]) / doc.stored_name
    page = staff_client.get(f"/staff/consultations/{c.id}?lang=en").get_data(as_text=True)
    assert "Проект на наредба" in page
    assert "a.pdf" in page
    assert staff_client.post(f"/staff/documents/{doc.id}/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0
    assert not stored.exists()
    assert audit_actions() == ["document.upload", "document.delete"]
