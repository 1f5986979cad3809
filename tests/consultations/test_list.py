from datetime import timedelta

from app.core.timeutil import local_today

from .conftest import PENDING


def test_tabs_show_consultations_by_stage_and_never_drafts(client, make):
    make.consultation("open", title_bg="Наредба за паркирането")
    make.consultation("scheduled", title_bg="Стратегия за велоалеите")
    make.consultation("closed", title_bg="План за зелените площи")
    make.consultation("report_published", title_bg="Програма за читалищата")
    make.consultation("draft", title_bg="Наредба за шума")

    default = client.get("/consultations/").get_data(as_text=True)
    upcoming = client.get("/consultations/?tab=upcoming").get_data(as_text=True)
    closed = client.get("/consultations/?tab=closed").get_data(as_text=True)

    assert "Наредба за паркирането" in default
    assert "Стратегия за велоалеите" not in default
    assert "План за зелените площи" not in default
    assert "Стратегия за велоалеите" in upcoming
    assert "Наредба за паркирането" not in upcoming
    assert "План за зелените площи" in closed
    assert "Програма за читалищата" in closed
    assert "Наредба за паркирането" not in closed
    for page in (default, upcoming, closed):
        assert "Наредба за шума" not in page


def test_card_shows_days_left_and_only_published_comments(client, make):
    consultation = make.consultation("open", title_en="Parking rules")
    author = make.citizen()
    make.comment(consultation, author)
    make.comment(consultation, author)
    make.comment(consultation, author, status=PENDING)

    page = client.get("/consultations/?lang=en").get_data(as_text=True)

    assert "Parking rules" in page
    assert "30 days left" in page
    assert "2 comments" in page
    assert "3 comments" not in page


def test_open_tab_lists_the_nearest_deadline_first_and_paginates(app, client, make):
    app.config["PAGE_SIZE"] = 2
    today = local_today()
    for title, last_day in [("Късна", 40), ("Най-ранна", 20), ("Средна", 30)]:
        make.consultation(
            "open",
            title_bg=title,
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=last_day),
        )

    first = client.get("/consultations/").get_data(as_text=True)
    second = client.get("/consultations/?page=2").get_data(as_text=True)

    assert first.index("Най-ранна") < first.index("Средна")
    assert "Късна" not in first
    assert "Късна" in second
    assert client.get("/consultations/?page=3").status_code == 404


def test_each_tab_has_its_empty_state(client, make):
    make.consultation("closed", title_en="An old consultation")
    for tab, message in [
        ("open", "No consultation is open right now."),
        ("upcoming", "No consultation is announced yet."),
    ]:
        page = client.get(f"/consultations/?tab={tab}&lang=en").get_data(as_text=True)
        assert message in page
        assert 'class="empty"' in page
    closed = client.get("/consultations/?tab=closed&lang=en").get_data(as_text=True)
    assert "An old consultation" in closed
    assert 'class="empty"' not in closed
