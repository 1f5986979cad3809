def test_home_is_bulgarian_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="bg">' in page
    assert "Консултации" in page


def test_accept_language_picks_english(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_lang_parameter_switches_and_is_remembered(client):
    assert '<html lang="en">' in client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/search").get_data(as_text=True)
    assert '<html lang="bg">' in client.get("/?lang=bg").get_data(as_text=True)


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Страницата не е намерена" in response.get_data(as_text=True)
    response = client.get("/no/such/page?lang=en")
    assert "Page not found" in response.get_data(as_text=True)


def test_citizen_is_refused_on_moderator_and_staff_pages(client, make, login):
    login(make.citizen())
    assert client.get("/moderation/").status_code == 403
    assert client.get("/staff/").status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_protected_pages(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_an_error_shows_a_translated_500_page_that_leaks_nothing(app):
    from app import create_app

    broken = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @broken.route("/boom")
    def boom():
        raise RuntimeError("secret detail: password=hunter2")

    client = broken.test_client()
    response = client.get("/boom?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "hunter2" not in page
    assert "Traceback" not in page
    with broken.app_context():
        from app.extensions import db

        db.engine.dispose()


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_downloading_a_file_in_english_keeps_the_interface_in_bulgarian(client, make, login):
    consultation = make.consultation(phase="report_published")
    login(make.staff())
    client.get("/?lang=bg")
    assert (
        client.get(f"/staff/consultations/{consultation.id}/export.csv?lang=en").status_code == 200
    )
    assert '<html lang="bg">' in client.get("/").get_data(as_text=True)
