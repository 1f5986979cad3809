import html
import re
from datetime import timedelta

from app.auth.models import Sector, User
from app.consultations.models import Consultation, ConsultationState, ResponseDecision
from app.core.timeutil import local_today, utcnow
from app.extensions import db
from app.moderation.models import Flag, ReasonCode
from tests.helpers import count_statements

from .conftest import PENDING, REJECTED, comment_ids


def test_a_draft_is_not_found_except_by_staff_who_see_it_marked(client, make, login):
    draft = make.consultation("draft", title_en="Unpublished plan")
    url = f"/consultations/{draft.id}?lang=en"

    assert client.get(url).status_code == 404
    login(make.citizen())
    assert client.get(url).status_code == 404
    client.post("/account/logout")

    login(make.staff())
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Unpublished plan" in page
    assert "Only staff can see this page" in page


def test_sections_show_their_published_comment_counts(client, make):
    consultation = make.consultation()
    first, second = consultation.sections
    author = make.citizen()
    make.comment(consultation, author, section_id=first.id)
    make.comment(consultation, author, section_id=first.id)
    make.comment(consultation, author, section_id=first.id, status=PENDING)
    make.comment(consultation, author, section_id=second.id)
    make.comment(consultation, author)

    page = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)

    assert first.heading_en in page
    assert second.heading_en in page
    assert page.index(first.heading_en) < page.index(second.heading_en)
    assert f'?section={first.id}#comments">2 comments</a>' in page
    assert f'?section={second.id}#comments">1 comment</a>' in page
    assert "4 comments" in page  # published, in all
    assert f'?section={first.id}#comment-form">Comment on this section</a>' in page


def test_comments_can_be_narrowed_to_one_section(client, make):
    consultation = make.consultation()
    first, second = consultation.sections
    author = make.citizen()
    on_first = make.comment(consultation, author, section_id=first.id)
    on_second = make.comment(consultation, author, section_id=second.id)
    general = make.comment(consultation, author)
    base = f"/consultations/{consultation.id}"

    assert comment_ids(client.get(base).get_data(as_text=True)) == [
        on_first.id,
        on_second.id,
        general.id,
    ]
    assert comment_ids(client.get(f"{base}?section={second.id}").get_data(as_text=True)) == [
        on_second.id
    ]
    assert comment_ids(client.get(f"{base}?section=general").get_data(as_text=True)) == [general.id]
    assert client.get(f"{base}?section=999999").status_code == 404


def test_published_comments_are_shown_to_everyone_with_author_sector_and_response(
    client, make, login, second_client
):
    consultation = make.consultation(phase="report_published")
    author = make.citizen(display_name="Мария", organisation="Зелена София", sector=Sector.NGO)
    comment = make.comment(consultation, author, body="Още дървета по булеварда.", language="bg")
    make.response(
        comment,
        make.staff(),
        decision=ResponseDecision.PARTLY_ACCEPTED,
        reason_en="Trees where the pavement allows.",
    )
    url = f"/consultations/{consultation.id}?lang=en"
    login(make.citizen(), target=second_client)

    for visitor in (client, second_client):
        page = visitor.get(url).get_data(as_text=True)
        assert '<div class="user-text" lang="bg"><p>Още дървета по булеварда.</p></div>' in page
        assert "Мария (Зелена София)" in page
        assert "Non-governmental organisation" in page
        assert "Partly accepted" in page
        assert "Trees where the pavement allows." in page


def test_responses_stay_private_until_the_report_is_published(client, make, login, second_client):
    consultation = make.consultation(phase="closed")
    comment = make.comment(consultation, make.citizen(), body="Повече пейки.")
    make.response(comment, make.staff(), reason_en="Draft answer, still being checked.")
    url = f"/consultations/{consultation.id}?lang=en"
    assert "Draft answer, still being checked." not in client.get(url).get_data(as_text=True)
    login(make.staff(), target=second_client)
    assert "Draft answer, still being checked." in second_client.get(url).get_data(as_text=True)


def test_a_comment_whose_author_was_erased_shows_a_deleted_participant(client, make):
    consultation = make.consultation()
    comment = make.comment(consultation, make.citizen(display_name="Изтрит Човек"))
    comment.author_id = None
    db.session.commit()

    page = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)

    assert "Deleted participant" in page
    assert "Изтрит Човек" not in page


def test_only_the_author_sees_their_rejected_comment_with_the_reason(
    client, make, login, second_client
):
    consultation = make.consultation()
    author = make.citizen()
    rejected = make.comment(
        consultation,
        author,
        status=REJECTED,
        body="Коментар, който беше отхвърлен.",
        moderation_reason=ReasonCode.OFF_TOPIC,
    )
    url = f"/consultations/{consultation.id}?lang=en"
    login(author)
    login(make.citizen(), target=second_client)

    own = client.get(url).get_data(as_text=True)
    other = second_client.get(url).get_data(as_text=True)

    assert comment_ids(own) == [rejected.id]
    assert "Rejected: Off topic" in own
    assert "Коментар, който беше отхвърлен." not in other


def test_moderators_see_pending_comments_marked(client, make, login):
    consultation = make.consultation()
    pending = make.comment(consultation, make.citizen(), status=PENDING, body="Чака модератор.")
    login(make.moderator())

    page = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)

    assert comment_ids(page) == [pending.id]
    assert "Awaiting moderation" in page


def test_the_period_exception_and_the_early_close_are_explained_publicly(client, make):
    today = local_today()
    short = make.consultation(
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=15),
        exceptional_reason_en="The funding call closes in March.",
    )
    normal = make.consultation()
    closed = make.consultation(
        "closed",
        state=ConsultationState.CLOSED,
        early_close_reason="Проектът беше оттеглен.",
        closed_at=utcnow(),
    )

    short_page = client.get(f"/consultations/{short.id}?lang=en").get_data(as_text=True)
    normal_page = client.get(f"/consultations/{normal.id}?lang=en").get_data(as_text=True)
    closed_page = client.get(f"/consultations/{closed.id}?lang=en").get_data(as_text=True)

    assert "Shorter period than usual." in short_page
    assert "The funding call closes in March." in short_page
    assert "Shorter period than usual." not in normal_page
    assert "Closed early" in closed_page
    assert "Проектът беше оттеглен." in closed_page
    assert "no longer accepts comments" in closed_page


def test_a_published_report_is_linked(client, make):
    reported = make.consultation("report_published")
    closed = make.consultation("closed")
    link = "/reports/consultations/{}"

    assert link.format(reported.id) in client.get(f"/consultations/{reported.id}").get_data(
        as_text=True
    )
    assert link.format(closed.id) not in client.get(f"/consultations/{closed.id}").get_data(
        as_text=True
    )


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    return html.unescape(found.group(1)) if found else None


def test_comments_are_paginated_oldest_first_by_keyset(app, client, make):
    app.config["COMMENTS_PAGE_SIZE"] = 3
    consultation = make.consultation()
    author = make.citizen()
    made = [make.comment(consultation, author, body=f"Коментар номер {n}") for n in range(7)]
    url = f"/consultations/{consultation.id}"

    first = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert comment_ids(first) == [c.id for c in made[:3]]
    assert _link(first, "prev") is None
    second = client.get(_link(first, "next")).get_data(as_text=True)
    assert comment_ids(second) == [c.id for c in made[3:6]]
    last = client.get(_link(second, "next")).get_data(as_text=True)
    assert comment_ids(last) == [made[6].id]
    assert _link(last, "next") is None
    assert "First page" in last
    # Back from the last page: the three before it, in the same order.
    back = client.get(_link(last, "prev")).get_data(as_text=True)
    assert comment_ids(back) == [c.id for c in made[3:6]]
    assert client.get(f"{url}?after=abc").status_code == 404
    assert client.get(f"{url}?after=1_2").status_code == 404


def test_a_comment_published_while_reading_does_not_shift_the_next_page(app, client, make):
    app.config["COMMENTS_PAGE_SIZE"] = 3
    consultation = make.consultation()
    author = make.citizen()
    made = [make.comment(consultation, author, body=f"Коментар номер {n}") for n in range(6)]
    url = f"/consultations/{consultation.id}"
    first = client.get(url).get_data(as_text=True)

    make.comment(consultation, author, body="Нов коментар")

    assert comment_ids(client.get(_link(first, "next")).get_data(as_text=True)) == [
        c.id for c in made[3:6]
    ]


def test_logged_in_visitors_may_report_others_published_comments_but_not_their_own(
    client, make, login, second_client
):
    consultation = make.consultation()
    author = make.citizen()
    comment = make.comment(consultation, author)
    flag_url = f"/moderation/comment/{comment.id}/flag"
    url = f"/consultations/{consultation.id}"

    assert flag_url not in client.get(url).get_data(as_text=True)
    login(author)
    assert flag_url not in client.get(url).get_data(as_text=True)

    reader = make.citizen()
    login(reader, target=second_client)
    page = second_client.get(url).get_data(as_text=True)
    assert f'action="{flag_url}"' in page
    assert 'name="reason"' in page
    assert 'value="personal_data"' in page

    db.session.add(Flag(user_id=reader.id, comment_id=comment.id, reason=ReasonCode.SPAM))
    db.session.commit()
    page = second_client.get(f"{url}?lang=en").get_data(as_text=True)
    assert flag_url not in page
    assert "You reported this comment" in page


def test_the_detail_page_needs_the_same_queries_for_1_or_15_comments(client, make, login):
    consultation = make.consultation()
    ids = {
        "consultation": consultation.id,
        "sections": [s.id for s in consultation.sections],
        "authors": [make.citizen().id for _ in range(3)],
        "staff": make.staff().id,
    }
    reader = make.citizen()
    ids["reader"] = reader.id
    url = f"/consultations/{consultation.id}"
    login(reader)

    def add_thread(n):
        # Objects are loaded afresh: the session is emptied between page loads below.
        get = db.session.get
        on = get(Consultation, ids["consultation"])
        top = make.comment(on, get(User, ids["authors"][n % 3]), section_id=ids["sections"][n % 2])
        make.response(top, get(User, ids["staff"]))
        make.comment(on, get(User, ids["authors"][(n + 1) % 3]), parent_id=top.id)
        make.comment(on, get(User, ids["reader"]), parent_id=top.id, status=PENDING)

    def queries_for_page():
        client.get(url)  # warm up: the session, the locale
        # The test shares the request's database session: start from an empty identity map,
        # as a real request does, so that nothing is found without a query.
        db.session.remove()
        with count_statements() as statements:
            response = client.get(url)
        assert response.status_code == 200
        return statements

    add_thread(0)
    few = queries_for_page()
    for n in range(1, 15):
        add_thread(n)
    many = queries_for_page()

    assert len(comment_ids(client.get(url).get_data(as_text=True))) == 45
    assert many.count == few.count, f"1 thread: {few}\n15 threads: {many}"
