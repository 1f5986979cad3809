import uuid
from pathlib import Path

from app.consultations.models import Document, DocumentKind
from app.extensions import db


def attach(app, consultation, content=b"%PDF-1.7 test", name="Проект на наредба.pdf"):
    stored = f"{uuid.uuid4().hex}.pdf"
    (Path(app.config["UPLOAD_FOLDER"]) / stored).write_bytes(content)
    document = Document(
        consultation_id=consultation.id,
        kind=DocumentKind.DRAFT_ACT,
        title="Проект на наредбата",
        original_name=name,
        stored_name=stored,
        content_type="application/pdf",
        size_bytes=len(content),
    )
    db.session.add(document)
    db.session.commit()
    return document


def url(consultation, document):
    return f"/consultations/{consultation.id}/documents/{document.id}"


def test_a_document_downloads_as_an_attachment_under_its_original_name(app, client, make):
    consultation = make.consultation()
    document = attach(app, consultation)

    response = client.get(url(consultation, document))

    assert response.status_code == 200
    assert response.data == b"%PDF-1.7 test"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%D0%9F%D1%80%D0%BE%D0%B5%D0%BA%D1%82" in disposition
    response.close()


def test_the_detail_page_lists_documents_with_kind_and_size(app, client, make):
    consultation = make.consultation()
    document = attach(app, consultation, content=b"x" * 2048)

    page = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)

    assert f'href="{url(consultation, document)}"' in page
    assert "Проект на наредбата" in page
    assert "Draft act" in page
    assert "2 KB" in page


def test_a_document_of_another_consultation_is_not_found(app, client, make):
    consultation = make.consultation()
    document = attach(app, make.consultation())
    assert client.get(url(consultation, document)).status_code == 404


def test_a_draft_s_documents_are_for_staff_only(app, client, make, login):
    draft = make.consultation("draft")
    document = attach(app, draft)

    assert client.get(url(draft, document)).status_code == 404
    login(make.staff())
    response = client.get(url(draft, document))
    assert response.status_code == 200
    response.close()


def test_a_missing_file_is_not_found(app, client, make):
    consultation = make.consultation()
    document = attach(app, consultation)
    (Path(app.config["UPLOAD_FOLDER"]) / document.stored_name).unlink()
    assert client.get(url(consultation, document)).status_code == 404
