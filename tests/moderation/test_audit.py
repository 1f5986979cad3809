from app.extensions import db
from app.moderation.models import ReasonCode, record
from tests.helpers import count_statements

from .conftest import PENDING


def test_the_audit_log_lists_decisions_newest_first_with_labels(client, make, login):
    author = make.citizen()
    proposal = make.proposal(author, status=PENDING, title="Нови пейки")
    comment = make.comment(make.consultation(), author, status=PENDING)
    moderator = make.moderator(display_name="Модератор Иван")
    login(moderator)
    client.post(f"/moderation/comment/{comment.id}/decide", data={"decision": "approve"})
    client.post(
        f"/moderation/proposal/{proposal.id}/decide",
        data={"decision": "reject", "reason": "off_topic", "note": "Не е за общината"},
    )

    page = client.get("/moderation/audit?lang=en").get_data(as_text=True)

    assert page.index("Proposal rejected") < page.index("Comment approved")
    assert "Модератор Иван" in page
    assert "Off topic" in page
    assert "Не е за общината" in page
    assert f'href="/proposals/{proposal.id}"' in page
    assert f'href="/consultations/{comment.consultation_id}#comment-{comment.id}"' in page
    assert "Нови пейки" in page


def test_the_audit_log_filters_by_kind_and_actor(client, make, login):
    author = make.citizen()
    comment = make.comment(make.consultation(), author, status=PENDING)
    proposal = make.proposal(author, status=PENDING)
    first = make.moderator(display_name="Първи")
    second = make.moderator(display_name="Втори")
    record(first, "comment.approve", comment)
    record(second, "proposal.approve", proposal)
    record(second, "consultation.publish", comment.consultation)
    record(second, "something.new", proposal)
    db.session.commit()
    login(make.staff())

    def rows(query):
        page = client.get(f"/moderation/audit?lang=en&{query}").get_data(as_text=True)
        body = page.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in page else ""
        return body.count("<tr>")

    assert rows("") == 4
    assert rows("action=comment") == 1
    assert rows("action=proposal") == 1
    assert rows("action=consultation") == 1
    assert rows(f"actor={second.id}") == 3
    assert rows(f"action=proposal&actor={first.id}") == 0
    page = client.get("/moderation/audit?lang=en").get_data(as_text=True)
    assert "Consultation published" in page
    assert "something.new" in page  # an action without a label is shown as it is


def test_staff_and_moderators_read_the_audit_log_citizens_do_not(client, make, login):
    for user, status in (
        (make.staff(), 200),
        (make.moderator(), 200),
        (make.admin(), 200),
        (make.citizen(), 403),
    ):
        login(user)
        assert client.get("/moderation/audit").status_code == status
        client.post("/account/logout")
    assert client.get("/moderation/audit").status_code == 302


def test_the_audit_page_runs_the_same_number_of_statements_for_2_and_20_rows(client, make, login):
    login(make.moderator())
    author = make.citizen()
    consultation = make.consultation()

    def fill(n):
        actor = make.moderator()
        for i in range(n):
            if i % 3 == 0:
                record(actor, "comment.reject", make.comment(consultation, author), ReasonCode.SPAM)
            elif i % 3 == 1:
                record(actor, "proposal.approve", make.proposal(author))
            else:
                record(actor, "consultation.publish", make.consultation())
        db.session.commit()

    def statements():
        with count_statements() as seen:
            client.get("/moderation/audit")
        return seen

    fill(3)
    few = statements()
    fill(17)
    many = statements()
    assert many.count == few.count, f"3 entries: {few}\n20 entries: {many}"
