"""NUL characters are dropped from what a request sends (PostgreSQL cannot store them)."""

from sqlalchemy import select

from app.consultations.models import Comment
from app.extensions import db


def test_a_comment_with_nul_characters_is_saved_without_them(client, make, login):
    consultation = make.consultation()
    login(make.citizen())
    data = {"body": "Sofia\x00 needs\x00 more trees.", "language": "en", "section_id": ""}
    response = client.post(f"/consultations/{consultation.id}/comments", data=data)
    assert response.status_code == 302
    assert db.session.scalar(select(Comment.body)) == "Sofia needs more trees."


def test_a_query_with_nul_characters_works(client):
    """Queries are left alone (search folds control characters itself) and still work."""
    assert client.get("/search", query_string={"q": "tre\x00es"}).status_code == 200
    assert client.get("/proposals/", query_string={"sort\x00": "x\x00"}).status_code == 200


def test_everything_else_is_kept_as_sent(client, make, login):
    consultation = make.consultation()
    login(make.citizen())
    text = "  Right-to-left \u202eтекст\u202c, emoji 🇧🇬, tabs\tand\r\nnew lines.  "
    data = {"body": text, "language": "bg", "section_id": ""}
    client.post(f"/consultations/{consultation.id}/comments", data=data)
    assert db.session.scalar(select(Comment.body)) == text.strip()
