"""The privacy notice and the terms of use, in both languages, linked from every page."""

import pytest

from app.moderation.models import ReasonCode


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/privacy", "bg", "Защита на личните данни"),
        ("/privacy", "en", "Privacy notice"),
        ("/terms", "bg", "Условия за ползване"),
        ("/terms", "en", "Terms of use"),
    ],
)
def test_legal_pages_open_in_both_languages(client, path, lang, heading):
    response = client.get(f"{path}?lang={lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert page.count("<h1>") == 1


def test_the_privacy_notice_explains_what_stays_after_erasure(client, app):
    page = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "Sofia Municipality" in page
    assert app.config["PRIVACY_CONTACT"] in page
    assert "Deleted participant" in page
    assert "art. 26" in page
    bg = client.get("/privacy?lang=bg").get_data(as_text=True)
    assert "Изтрит участник" in bg
    assert "чл. 26" in bg


def test_the_terms_list_every_moderation_reason(client):
    page = client.get("/terms?lang=en").get_data(as_text=True)
    for reason in ReasonCode:
        assert str(reason.label) in page


def test_the_footer_links_to_both(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/privacy"' in page
    assert 'href="/terms"' in page
