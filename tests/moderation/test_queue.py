from app.auth.models import Sector
from app.extensions import db
from app.moderation.models import ModerationStatus, ReasonCode
from tests.helpers import count_statements

from .conftest import PENDING, ago, anchors, badge


def test_queue_lists_pending_comments_and_proposals_oldest_first_across_kinds(
    app, client, make, login
):
    app.config["PAGE_SIZE"] = 2
    author = make.citizen()
    consultation = make.consultation()
    newest = make.proposal(author, status=PENDING, created_at=ago(hours=1))
    middle = make.comment(consultation, author, status=PENDING, created_at=ago(days=1))
    oldest = make.proposal(author, status=PENDING, created_at=ago(days=3))
    second = make.comment(consultation, author, status=PENDING, created_at=ago(days=2))
    make.comment(consultation, author, body="Вече публикуван")
    make.proposal(author, status=ModerationStatus.REJECTED)
    login(make.moderator())

    first_page = client.get("/moderation/?lang=en").get_data(as_text=True)
    second_page = client.get("/moderation/?lang=en&page=2").get_data(as_text=True)

    assert anchors(first_page) == [f"proposal-{oldest.id}", f"comment-{second.id}"]
    assert anchors(second_page) == [f"comment-{middle.id}", f"proposal-{newest.id}"]
    assert "Вече публикуван" not in first_page + second_page
    assert "Page 1 of 2" in first_page


def test_queue_tabs_show_one_kind(client, make, login):
    author = make.citizen()
    comment = make.comment(make.consultation(), author, status=PENDING)
    proposal = make.proposal(author, status=PENDING)
    login(make.moderator())
    assert anchors(client.get("/moderation/?type=comment").get_data(as_text=True)) == [
        f"comment-{comment.id}"
    ]
    assert anchors(client.get("/moderation/?type=proposal").get_data(as_text=True)) == [
        f"proposal-{proposal.id}"
    ]
    assert anchors(client.get("/moderation/?show=flagged").get_data(as_text=True)) == []


def test_queue_item_shows_its_context_and_author(client, make, login):
    author = make.citizen(display_name="Мария", organisation="Зелена София", sector=Sector.NGO)
    consultation = make.consultation(title_en="Parking rules")
    parent = make.comment(
        consultation,
        make.citizen(),
        body="Първоначалният коментар",
        section=consultation.sections[1],
    )
    make.comment(
        consultation,
        author,
        status=PENDING,
        parent=parent,
        section=consultation.sections[1],
        body="Отговор на коментара",
    )
    category = make.category(name_en="Parks")
    make.proposal(author, status=PENDING, category=category, title="Пейки в парка")
    login(make.moderator())

    page = client.get("/moderation/?lang=en").get_data(as_text=True)

    assert "Мария (Зелена София)" in page
    assert "Non-governmental organisation" in page
    assert "Parking rules" in page
    assert "Section 2" in page
    assert "Първоначалният коментар" in page
    assert "Отговор на коментара" in page
    assert "Пейки в парка" in page
    assert "Parks" in page


def test_empty_queue_says_so(client, make, login):
    login(make.moderator())
    page = client.get("/moderation/?lang=en").get_data(as_text=True)
    assert "Nothing waiting. Well done." in page


def test_a_page_past_the_end_sends_to_the_last_page(app, client, make, login):
    app.config["PAGE_SIZE"] = 1
    author = make.citizen()
    make.proposal(author, status=PENDING)
    make.proposal(author, status=PENDING)
    login(make.moderator())
    response = client.get("/moderation/?type=proposal&page=5")
    assert response.status_code == 302
    assert response.headers["Location"] == "/moderation/?type=proposal&page=2"


def test_the_navigation_badge_counts_everything_in_the_queue(client, make, login, report):
    author = make.citizen()
    consultation = make.consultation()
    make.comment(consultation, author, status=PENDING)
    make.comment(consultation, author, status=PENDING)
    make.proposal(author, status=PENDING)
    reported = make.proposal(author)
    report(reported, make.citizen())
    report(reported, make.citizen(), reason=ReasonCode.SPAM)
    make.comment(consultation, author)  # approved, not reported
    login(make.moderator())

    page = client.get("/moderation/?lang=en").get_data(as_text=True)

    assert badge(page) == 4 == len(anchors(page))
    # On any page, not only the queue.
    assert badge(client.get("/").get_data(as_text=True)) == 4


def test_the_queue_page_runs_the_same_number_of_statements_for_2_and_20_items(
    client, make, login, report
):
    moderator = make.moderator()
    login(moderator)

    def fill(n):
        author = make.citizen()
        consultation = make.consultation()
        for i in range(n):
            if i % 4 == 0:
                make.proposal(author, status=PENDING, category=make.category())
            elif i % 4 == 1:
                parent = make.comment(consultation, make.citizen())
                make.comment(
                    consultation,
                    author,
                    status=PENDING,
                    parent=parent,
                    section=consultation.sections[0],
                )
            elif i % 4 == 2:
                report(make.comment(consultation, author), make.citizen())
            else:
                report(make.proposal(author), make.citizen(), note="Реклама")

    def statements():
        with count_statements() as seen:
            page = client.get("/moderation/").get_data(as_text=True)
        return seen, page

    fill(2)
    few, page = statements()
    assert len(anchors(page)) == 2
    fill(18)
    many, page = statements()
    assert len(anchors(page)) == 20
    assert many.count == few.count, f"2 items: {few}\n20 items: {many}"


def test_every_state_of_the_queue_costs_the_same_statements_for_few_and_many_items(
    client, make, login, report
):
    from app.moderation.models import Appeal

    login(make.moderator())
    consultation = make.consultation()

    def fill(n):
        author = make.citizen()
        for i in range(n):
            if i % 5 == 0:
                make.comment(consultation, author, needs_review=True)
            elif i % 5 == 1:
                make.proposal(
                    author,
                    status=ModerationStatus.HIDDEN,
                    needs_review=True,
                    moderation_reason=ReasonCode.SPAM,
                )
            elif i % 5 == 2:
                rejected = make.proposal(author, status=ModerationStatus.REJECTED)
                db.session.add(
                    Appeal(
                        proposal_id=rejected.id,
                        author_id=author.id,
                        body="Моля, прегледайте отново.",
                        original_status=ModerationStatus.REJECTED,
                    )
                )
                db.session.commit()
            elif i % 5 == 3:
                report(make.comment(consultation, author), make.citizen())
            else:
                make.comment(consultation, author, status=PENDING)

    def statements():
        with count_statements() as seen:
            page = client.get("/moderation/").get_data(as_text=True)
        return seen, page

    fill(5)
    few, page = statements()
    assert len(anchors(page)) == 5
    fill(15)
    many, page = statements()
    assert len(anchors(page)) == 20
    assert many.count == few.count, f"5 items: {few}\n20 items: {many}"
