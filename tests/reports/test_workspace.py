"""The report workspace: staff find the comments still to answer, by sector among others."""

from app.auth.models import Sector
from app.consultations.models import ResponseDecision


def test_staff_filter_the_workspace_by_stakeholder_sector(staff_client, make, staff):
    c = make.consultation("closed")
    business = make.citizen(sector=Sector.BUSINESS)
    academic = make.citizen(sector=Sector.ACADEMIA)
    make.comment(c, business, body="От бизнеса.")
    answered = make.comment(c, academic, body="От университета.")
    make.response(answered, staff, decision=ResponseDecision.NOTED)
    make.comment(c, academic, body="Още от университета.")

    url = f"/staff/consultations/{c.id}/responses?lang=en"
    page = staff_client.get(f"{url}&sector=academia").get_data(as_text=True)
    assert "От университета." in page
    assert "Още от университета." in page
    assert "От бизнеса." not in page
    assert "2 comments match." in page

    page = staff_client.get(f"{url}&sector=academia&status=unanswered").get_data(as_text=True)
    assert "Още от университета." in page
    assert "От университета.</p>" not in page
    assert "1 comment matches." in page

    page = staff_client.get(f"{url}&sector=nonsense").get_data(as_text=True)
    assert "3 comments match." in page  # an unknown value is ignored, not an error


def test_the_workspace_says_how_many_comments_still_need_a_response(staff_client, make, staff):
    c = make.consultation("closed")
    author = make.citizen()
    for body in ("Първи.", "Втори.", "Трети."):
        make.comment(c, author, body=body)
    page = staff_client.get(f"/staff/consultations/{c.id}/responses?lang=en")
    assert "3 comments still need a response." in page.get_data(as_text=True)
    response = staff_client.post(f"/staff/consultations/{c.id}/publish-report?lang=en")
    assert response.status_code == 302
    manage = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 published comments still have no response." in manage
    page = staff_client.get(f"/staff/consultations/{c.id}/responses?lang=en")
    assert f'href="/staff/consultations/{c.id}/dashboard"' in page.get_data(as_text=True)
