"""Staff create and edit consultations in both languages, within the legal period."""

from datetime import timedelta

from app.consultations.models import Consultation, ConsultationKind, ConsultationState
from app.core.timeutil import local_today
from app.extensions import db

from .helpers import audit_actions, consultation_form


def consultations():
    return db.session.scalars(db.select(Consultation)).all()


def test_staff_create_a_bilingual_draft(staff_client, staff):
    response = staff_client.post("/staff/consultations/new", data=consultation_form())
    assert response.status_code == 302
    (c,) = consultations()
    assert response.headers["Location"] == f"/staff/consultations/{c.id}"
    assert c.state is ConsultationState.DRAFT
    assert c.kind is ConsultationKind.STRATEGY
    assert c.created_by_id == staff.id
    assert (c.title_bg, c.title_en) == (
        "Стратегия за дигитална трансформация",
        "Digital transformation strategy",
    )
    assert c.body_bg.startswith("## Цели")
    assert c.duration_days == 30
    assert c.exceptional_reason_bg is None
    assert audit_actions() == ["consultation.create"]
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Стратегия за дигитална трансформация" in page


def test_the_form_says_the_text_is_markdown(staff_client):
    page = staff_client.get("/staff/consultations/new?lang=en").get_data(as_text=True)
    assert "Markdown" in page
    assert 'type="date"' in page


def test_a_title_in_one_language_is_enough_but_one_is_needed(staff_client):
    response = staff_client.post(
        "/staff/consultations/new?lang=en", data=consultation_form(title_bg="", title_en="")
    )
    assert response.status_code == 200
    assert "Give a title in at least one language." in response.get_data(as_text=True)
    assert consultations() == []
    response = staff_client.post("/staff/consultations/new", data=consultation_form(title_en=""))
    assert response.status_code == 302
    assert consultations()[0].title_en == ""


def test_29_days_without_a_reason_are_refused_and_the_typed_text_kept(staff_client):
    data = consultation_form(days=29, summary_bg="Резюме, което не бива да се губи")
    response = staff_client.post("/staff/consultations/new?lang=en", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "shorter than 30 days needs a stated reason" in page
    assert 'value="Стратегия за дигитална трансформация"' in page
    assert "Резюме, което не бива да се губи" in page
    assert "Отворени данни и **електронни услуги**." in page
    assert f'value="{data["opens_on"]}"' in page
    assert f'value="{data["closes_on"]}"' in page
    assert 'aria-invalid="true"' in page
    assert consultations() == []


def test_20_days_with_a_published_reason_are_accepted(staff_client):
    data = consultation_form(
        days=20,
        exceptional_reason_bg="Срокът по европейската програма изтича.",
        exceptional_reason_en="The EU programme deadline expires.",
    )
    assert staff_client.post("/staff/consultations/new", data=data).status_code == 302
    (c,) = consultations()
    assert c.duration_days == 20
    assert c.exceptional_reason_bg == "Срокът по европейската програма изтича."
    assert c.exceptional_reason_en == "The EU programme deadline expires."


def test_13_days_are_refused_even_with_a_reason(staff_client):
    data = consultation_form(days=13, exceptional_reason_bg="Спешно е.")
    response = staff_client.post("/staff/consultations/new?lang=en", data=data)
    assert response.status_code == 200
    assert "at least 14 days, even in exceptional cases" in response.get_data(as_text=True)
    assert consultations() == []


def test_a_new_consultation_cannot_start_in_the_past(staff_client):
    response = staff_client.post(
        "/staff/consultations/new?lang=en", data=consultation_form(starts_in=-3, days=40)
    )
    assert response.status_code == 200
    assert "cannot be in the past" in response.get_data(as_text=True)
    assert consultations() == []


def test_a_draft_is_edited_in_both_languages(staff_client, make):
    c = make.consultation("draft")
    page = staff_client.get(f"/staff/consultations/{c.id}/edit").get_data(as_text=True)
    assert f'value="{c.title_bg}"' in page
    assert '<option selected value="other">' in page
    data = consultation_form(kind="normative_act", title_bg="Наредба за паркирането")
    data["title_en"] = "Parking ordinance"
    response = staff_client.post(f"/staff/consultations/{c.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(c)
    assert (c.kind, c.title_bg, c.title_en) == (
        ConsultationKind.NORMATIVE_ACT,
        "Наредба за паркирането",
        "Parking ordinance",
    )
    assert audit_actions() == ["consultation.update"]


def test_an_open_consultation_may_only_be_extended(staff_client, make):
    c = make.consultation("open")
    opens, closes = c.opens_on, c.closes_on
    base = consultation_form(opens_on=opens.isoformat(), closes_on=closes.isoformat())

    moved_start = {**base, "opens_on": (opens + timedelta(days=1)).isoformat()}
    response = staff_client.post(f"/staff/consultations/{c.id}/edit?lang=en", data=moved_start)
    assert response.status_code == 200
    assert "its first day can no longer change" in response.get_data(as_text=True)

    shortened = {**base, "closes_on": (closes - timedelta(days=1)).isoformat()}
    response = staff_client.post(f"/staff/consultations/{c.id}/edit?lang=en", data=shortened)
    assert response.status_code == 200
    assert "never earlier" in response.get_data(as_text=True)
    db.session.refresh(c)
    assert (c.opens_on, c.closes_on) == (opens, closes)

    extended = {**base, "closes_on": (closes + timedelta(days=7)).isoformat()}
    response = staff_client.post(f"/staff/consultations/{c.id}/edit", data=extended)
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.closes_on == closes + timedelta(days=7)
    assert c.title_bg == "Стратегия за дигитална трансформация"


def test_a_scheduled_consultation_can_move_its_dates(staff_client, make):
    c = make.consultation("scheduled")
    later = local_today() + timedelta(days=10)
    data = consultation_form(
        opens_on=later.isoformat(), closes_on=(later + timedelta(days=35)).isoformat()
    )
    assert staff_client.post(f"/staff/consultations/{c.id}/edit", data=data).status_code == 302
    db.session.refresh(c)
    assert c.opens_on == later


def test_a_closed_consultation_is_not_editable(staff_client, make):
    c = make.consultation("closed")
    response = staff_client.get(f"/staff/consultations/{c.id}/edit?lang=en")
    assert response.status_code == 302
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "can no longer be edited" in page
    response = staff_client.post(f"/staff/consultations/{c.id}/edit", data=consultation_form())
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.title_bg != "Стратегия за дигитална трансформация"


def test_unknown_consultation_is_404(staff_client):
    assert staff_client.get("/staff/consultations/999/edit").status_code == 404
    assert staff_client.get("/staff/consultations/999").status_code == 404
