from sqlalchemy import func, select

from app.extensions import db
from app.moderation.models import Appeal, AuditEntry, ModerationStatus, ReasonCode
from app.notifications.models import Notification

from .conftest import PENDING, anchors, flashes, queue_page

APPROVED = ModerationStatus.APPROVED
REJECTED = ModerationStatus.REJECTED
HIDDEN = ModerationStatus.HIDDEN


def bulk(client, action, items, query="", **data):
    return client.post(
        f"/moderation/bulk?lang=en{'&' + query if query else ''}",
        data={"action": action, "items": [f"{i.__tablename__[:-1]}-{i.id}" for i in items], **data},
    )


def test_the_queue_has_a_labelled_checkbox_per_item_and_one_bulk_form(client, make, login):
    comment = make.comment(make.consultation(), make.citizen(), status=PENDING)
    login(make.moderator())
    page = queue_page(client)
    assert (
        f'<input type="checkbox" name="items" value="comment-{comment.id}" '
        f'id="pick-comment-{comment.id}" form="bulk-form">' in page
    )
    assert f'<label for="pick-comment-{comment.id}">Tick comment #{comment.id}' in page
    assert '<form id="bulk-form"' in page
    assert '<label for="select-all">Select all on this page</label>' in page
    assert 'src="/static/js/moderation.js"' in page
    assert "<script>" not in page  # no inline script


def test_select_all_without_javascript_ticks_every_item_on_the_page(client, make, login):
    author = make.citizen()
    first = make.proposal(author, status=PENDING)
    second = make.proposal(author, status=PENDING)
    login(make.moderator())
    assert "?select=all" in queue_page(client) or "&amp;select=all" in queue_page(client)
    page = queue_page(client, "select=all")
    for item in (first, second):
        assert (
            f'value="proposal-{item.id}" id="pick-proposal-{item.id}" form="bulk-form" checked>'
            in page
        )


def test_bulk_approve_publishes_every_ticked_item_and_tells_how_many(client, make, login):
    author = make.citizen()
    consultation = make.consultation()
    items = [make.comment(consultation, author, status=PENDING) for _ in range(2)]
    items.append(make.proposal(author, status=PENDING))
    untouched = make.proposal(author, status=PENDING)
    moderator = make.moderator()
    login(moderator)

    response = bulk(client, "approve", items)

    assert response.status_code == 302
    assert response.headers["Location"] == "/moderation/"
    for item in items:
        db.session.refresh(item)
        assert item.moderation_status is APPROVED
        assert item.moderated_by_id == moderator.id
    db.session.refresh(untouched)
    assert untouched.moderation_status is PENDING
    assert "3 items decided." in flashes(queue_page(client))
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 3
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 3


def test_bulk_reject_rejects_pending_and_hides_reported_items_with_one_reason(
    client, make, login, report
):
    author = make.citizen()
    pending = make.proposal(author, status=PENDING)
    reported = make.proposal(author)
    report(reported, make.citizen())
    login(make.moderator())

    bulk(client, "reject", [pending, reported], reason="spam", note="Реклама")

    db.session.refresh(pending)
    db.session.refresh(reported)
    assert (pending.moderation_status, pending.moderation_reason) == (REJECTED, ReasonCode.SPAM)
    assert (reported.moderation_status, reported.moderation_note) == (HIDDEN, "Реклама")
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["proposal.reject", "proposal.hide"]


def test_bulk_decisions_leave_out_the_moderators_own_items(client, make, login):
    moderator = make.moderator()
    own = make.proposal(moderator, status=PENDING)
    other = make.proposal(make.citizen(), status=PENDING)
    login(moderator)

    bulk(client, "approve", [own, other])

    db.session.refresh(own)
    db.session.refresh(other)
    assert own.moderation_status is PENDING
    assert other.moderation_status is APPROVED
    messages = flashes(queue_page(client))
    assert "1 item decided." in messages
    assert any("1 item is your own" in m for m in messages)
    # The own item has no checkbox on the page.
    assert f'value="proposal-{own.id}"' not in queue_page(client)


def test_bulk_leaves_appeals_and_items_already_decided_alone(client, make, login):
    author = make.citizen()
    rejected = make.proposal(author, status=REJECTED)
    db.session.add(
        Appeal(
            proposal_id=rejected.id,
            author_id=author.id,
            body="Прегледайте пак, моля.",
            original_status=REJECTED,
        )
    )
    published = make.proposal(author)
    pending = make.proposal(author, status=PENDING)
    db.session.commit()
    login(make.moderator())

    bulk(client, "approve", [rejected, published, pending])

    db.session.refresh(rejected)
    assert rejected.moderation_status is REJECTED
    messages = flashes(queue_page(client))
    assert "1 item decided." in messages
    assert any(m.startswith("2 items were left as they are") for m in messages)


def test_a_bulk_rejection_without_a_reason_is_shown_again_with_the_ticks_and_note(
    client, make, login
):
    author = make.citizen()
    first = make.proposal(author, status=PENDING)
    second = make.proposal(author, status=PENDING)
    login(make.moderator())

    response = bulk(client, "reject", [first], query="show=pending", note="Две еднакви")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose the reason for rejecting or hiding." in page
    assert "Две еднакви" in page
    assert (
        f'value="proposal-{first.id}" id="pick-proposal-{first.id}" form="bulk-form" checked>'
        in page
    )
    assert f'value="proposal-{second.id}" id="pick-proposal-{second.id}" form="bulk-form">' in page
    assert 'action="/moderation/bulk?show=pending"' in page
    db.session.refresh(first)
    assert first.moderation_status is PENDING


def test_a_bulk_decision_without_ticked_items_says_so(client, make, login):
    proposal = make.proposal(make.citizen(), status=PENDING)
    login(make.moderator())
    response = bulk(client, "approve", [])
    assert response.status_code == 200
    assert "Tick at least one item on the page." in response.get_data(as_text=True)
    assert anchors(response.get_data(as_text=True)) == [f"proposal-{proposal.id}"]


def test_only_moderators_decide_in_bulk(client, make, login):
    proposal = make.proposal(make.citizen(), status=PENDING)
    login(make.staff())
    assert bulk(client, "approve", [proposal]).status_code == 403
    db.session.refresh(proposal)
    assert proposal.moderation_status is PENDING
