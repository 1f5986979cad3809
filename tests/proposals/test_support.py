"""One account, one support: counted by the database, also under concurrent requests."""

import threading

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.moderation.models import ModerationStatus
from app.proposals import services
from app.proposals.models import Proposal, Stage, Support


def support_rows(proposal):
    query = select(func.count()).select_from(Support).where(Support.proposal_id == proposal.id)
    return db.session.scalar(query)


def fresh(proposal):
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def test_support_once_then_withdraw(client, make, login):
    proposal = make.proposal(make.citizen())
    login(make.citizen())
    url = f"/proposals/{proposal.id}"

    response = client.post(f"{url}/support?lang=en", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Thank you: your support is counted." in page
    assert "Withdraw support" in page
    assert fresh(proposal).support_count == 1

    response = client.post(f"{url}/support?lang=en", follow_redirects=True)
    assert "You already support this proposal" in response.get_data(as_text=True)
    assert fresh(proposal).support_count == 1
    assert support_rows(proposal) == 1

    response = client.post(f"{url}/withdraw?lang=en", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Your support is withdrawn." in page
    assert f'action="{url}/support"' in page
    assert fresh(proposal).support_count == 0
    assert support_rows(proposal) == 0

    client.post(f"{url}/withdraw")
    assert fresh(proposal).support_count == 0


def test_counter_equals_the_number_of_support_rows(make, app):
    proposal = make.proposal(make.citizen())
    people = [make.citizen() for _ in range(5)]
    for person in people:
        assert services.support(proposal, person) is True
    assert services.support(proposal, people[0]) is False
    assert services.withdraw(proposal, people[1]) is True
    assert services.withdraw(proposal, people[1]) is False
    db.session.commit()
    assert fresh(proposal).support_count == support_rows(proposal) == 4


def test_the_author_may_support_their_own_proposal(client, make, login):
    author = make.citizen()
    proposal = make.proposal(author)
    login(author)
    client.post(f"/proposals/{proposal.id}/support")
    assert fresh(proposal).support_count == 1


def test_reaching_the_threshold_changes_the_stage(client, make, login, app):
    app.config["SUPPORT_THRESHOLD"] = 2
    proposal = make.proposal(make.citizen())
    login(make.citizen())
    client.post(f"/proposals/{proposal.id}/support")
    assert fresh(proposal).stage is Stage.COLLECTING
    client.post("/account/logout")

    login(make.citizen())
    client.post(f"/proposals/{proposal.id}/support")
    proposal = fresh(proposal)
    assert proposal.stage is Stage.THRESHOLD_REACHED
    assert proposal.threshold_reached_at is not None
    page = client.get(f"/proposals/{proposal.id}?lang=en").get_data(as_text=True)
    assert "Threshold reached" in page
    # Supports are still collected after the threshold.
    client.post("/account/logout")
    login(make.citizen())
    client.post(f"/proposals/{proposal.id}/support")
    assert fresh(proposal).support_count == 3


@pytest.mark.parametrize(
    "state",
    [
        {"status": ModerationStatus.PENDING},
        {"status": ModerationStatus.HIDDEN},
        {"stage": Stage.UNDER_REVIEW},
        {"stage": Stage.ACCEPTED},
        {"stage": Stage.REJECTED},
    ],
)
def test_support_is_refused_when_not_published_or_past_collecting(client, make, login, state):
    author = make.citizen()
    proposal = make.proposal(author, **state)
    login(make.moderator())  # someone who can open the page in every state
    response = client.post(f"/proposals/{proposal.id}/support?lang=en", follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "can be supported" in page or "no longer collects supports" in page
    assert fresh(proposal).support_count == 0
    assert support_rows(proposal) == 0
    assert f'action="/proposals/{proposal.id}/support"' not in page


def test_support_on_an_unpublished_proposal_is_a_404_for_others(client, make, login):
    proposal = make.proposal(make.citizen(), status=ModerationStatus.PENDING)
    login(make.citizen())
    assert client.post(f"/proposals/{proposal.id}/support").status_code == 404
    assert support_rows(proposal) == 0


def test_withdraw_is_refused_once_the_proposal_is_answered(client, make, login):
    proposal = make.proposal(make.citizen())
    supporter = make.citizen()
    login(supporter)
    client.post(f"/proposals/{proposal.id}/support")
    proposal = fresh(proposal)
    proposal.stage = Stage.UNDER_REVIEW
    db.session.commit()
    response = client.post(f"/proposals/{proposal.id}/withdraw?lang=en", follow_redirects=True)
    assert "can no longer be withdrawn" in response.get_data(as_text=True)
    assert fresh(proposal).support_count == support_rows(proposal) == 1


def test_anonymous_support_goes_to_login_and_counts_nothing(client, make):
    proposal = make.proposal(make.citizen())
    response = client.post(f"/proposals/{proposal.id}/support")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/account/login?next=/proposals/{proposal.id}"
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 302
    assert support_rows(proposal) == 0


def test_support_is_post_only(client, make, login):
    proposal = make.proposal(make.citizen())
    login(make.citizen())
    assert client.get(f"/proposals/{proposal.id}/support").status_code == 405


def _run_together(workers):
    """Start every worker at the same moment; re-raise the first error one of them hit."""
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as error:  # noqa: BLE001 (reported to the test below)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    if errors:
        raise errors[0]


@pytest.mark.parametrize("requests", [2, 6])
def test_concurrent_supports_by_one_account_count_once(app, make, login, requests):
    """Several browsers (or a double click) of the same account, at the same moment."""
    proposal = make.proposal(make.citizen())
    supporter = make.citizen()
    url = f"/proposals/{proposal.id}/support"
    clients = [login(supporter, target=app.test_client()) for _ in range(requests)]
    statuses = []

    def post(client):
        return lambda: statuses.append(client.post(url).status_code)

    _run_together([post(client) for client in clients])

    assert statuses == [302] * requests
    assert support_rows(proposal) == 1
    assert fresh(proposal).support_count == 1


def test_concurrent_supports_by_different_accounts_all_count(app, make):
    people = 8
    app.config["SUPPORT_THRESHOLD"] = people
    proposal = make.proposal(make.citizen())
    user_ids = [make.citizen().id for _ in range(people)]
    results = []

    def support_as(user_id):
        def work():
            with app.app_context():
                try:
                    user = db.session.get(User, user_id)
                    added = services.support(db.session.get(Proposal, proposal.id), user)
                    db.session.commit()
                    results.append(added)
                finally:
                    db.session.remove()

        return work

    _run_together([support_as(user_id) for user_id in user_ids])

    assert results == [True] * people
    proposal = fresh(proposal)
    assert proposal.support_count == support_rows(proposal) == people
    assert proposal.stage is Stage.THRESHOLD_REACHED
