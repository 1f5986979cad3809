"""Staff answer proposals in two languages; the answer is public and audited."""

from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus
from app.proposals.models import Proposal, Stage


def fresh(proposal):
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def test_staff_answer_sets_the_stage_and_is_shown_in_both_languages(client, make, login):
    proposal = make.proposal(make.citizen(), title="Зелени покриви")
    staff = make.staff()
    login(staff)
    form = client.get(f"/proposals/{proposal.id}/answer")
    assert form.status_code == 200
    assert '<option selected value="under_review">' in form.get_data(as_text=True)

    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"stage": "accepted", "answer_bg": "Приемаме **предложението**.", "answer_en": ""},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/proposals/{proposal.id}"
    proposal = fresh(proposal)
    assert proposal.stage is Stage.ACCEPTED
    assert proposal.answered_by_id == staff.id
    assert proposal.answered_at is not None
    assert proposal.first_answered_at == proposal.answered_at
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.object_id, entry.reason) == (
        "proposal.answer",
        staff.id,
        proposal.id,
        "accepted",
    )

    client.post("/account/logout")
    bulgarian = client.get(f"/proposals/{proposal.id}?lang=bg").get_data(as_text=True)
    assert "Приемаме <strong>предложението</strong>." in bulgarian
    assert "only in Bulgarian" not in bulgarian
    english = client.get(f"/proposals/{proposal.id}?lang=en").get_data(as_text=True)
    assert "The City’s answer" in english
    assert "Accepted" in english
    assert "This text is available only in Bulgarian." in english
    assert 'lang="bg"><p>Приемаме <strong>предложението</strong>.</p>' in english


def test_a_second_answer_keeps_the_date_of_the_first(client, make, login):
    proposal = make.proposal(make.citizen())
    login(make.staff())
    url = f"/proposals/{proposal.id}/answer"
    client.post(
        url, data={"stage": "under_review", "answer_bg": "Разглеждаме го.", "answer_en": ""}
    )
    first = fresh(proposal).first_answered_at
    client.post(
        url, data={"stage": "accepted", "answer_bg": "Приема се.", "answer_en": "Accepted."}
    )
    proposal = fresh(proposal)
    assert proposal.first_answered_at == first
    assert proposal.answered_at >= first
    assert proposal.stage is Stage.ACCEPTED
    page = client.get(f"/proposals/{proposal.id}?lang=en").get_data(as_text=True)
    assert "Accepted." in page
    assert "only in Bulgarian" not in page
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 2


def test_an_answer_without_text_is_refused_and_keeps_the_choice(client, make, login):
    proposal = make.proposal(make.citizen())
    login(make.staff())
    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"stage": "rejected", "answer_bg": "   ", "answer_en": ""},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page
    assert '<option selected value="rejected">' in page
    assert fresh(proposal).stage is Stage.COLLECTING
    assert fresh(proposal).answered_at is None


def test_implemented_only_after_accepted(client, make, login):
    proposal = make.proposal(make.citizen())
    login(make.staff())
    response = client.post(
        f"/proposals/{proposal.id}/answer?lang=en",
        data={"stage": "implemented", "answer_bg": "", "answer_en": "Done, we promise."},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Only an accepted proposal can be marked as implemented." in page
    assert "Done, we promise." in page
    assert fresh(proposal).stage is Stage.COLLECTING


def test_unpublished_proposals_cannot_be_answered(client, make, login):
    proposal = make.proposal(make.citizen(), status=ModerationStatus.PENDING)
    login(make.staff())
    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"stage": "accepted", "answer_bg": "Да.", "answer_en": "Yes."},
    )
    assert response.status_code == 200
    assert fresh(proposal).answered_at is None


def test_staff_see_the_link_to_answer_citizens_do_not(client, make, login):
    proposal = make.proposal(make.citizen())
    link = f'href="/proposals/{proposal.id}/answer"'
    login(make.staff())
    assert link in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    client.post("/account/logout")
    login(make.citizen())
    assert link not in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)


def test_citizens_and_moderators_are_refused_the_answer_form(client, make, login):
    proposal = make.proposal(make.citizen())
    url = f"/proposals/{proposal.id}/answer"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for person in (make.citizen(), make.moderator()):
        login(person)
        assert client.get(url).status_code == 403
        data = {"stage": "accepted", "answer_bg": "Да.", "answer_en": ""}
        assert client.post(url, data=data).status_code == 403
        client.post("/account/logout")
    assert fresh(proposal).stage is Stage.COLLECTING
