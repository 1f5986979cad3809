"""Every page that lists or shows rows runs as many SQL statements for one item as for many.

A page that runs a query per row (an N+1) is fast with the handful of rows of a test and slow
with the thousands of production. Each GET endpoint of the app is either in PAGES (how to fill
it with one item and with many, as whom to request it) or in EXCLUDED (with the reason it shows
no rows); `test_every_get_endpoint_is_covered_or_excluded` fails for a new route in neither, so
no new page slips by.

The rows are added in bulk with distinct authors, categories and actors per row: a relationship
loaded row by row would otherwise be found in the identity map after the first row and hide.
The session is emptied before every measured request, as a real request starts with an empty
one. The lazy-load guard (app/core/lazyload_guard.py) is on in the tests too, so a loop over a
relationship raises `LazyLoadLoop` on the first request, before the counts are compared.
"""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from app.auth.models import Role, Sector, User
from app.consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ConsultationState,
    Document,
    DocumentKind,
    ResponseDecision,
    Section,
)
from app.core.timeutil import local_today, utcnow
from app.extensions import db
from app.moderation.models import (
    Appeal,
    Flag,
    ModerationStatus,
    ReasonCode,
    Suspension,
    record,
)
from app.notifications.models import Notification
from app.proposals.models import Category, Proposal, Stage, Support
from tests.factories import Factory
from tests.helpers import count_statements

APPROVED, PENDING = ModerationStatus.APPROVED, ModerationStatus.PENDING
REJECTED, HIDDEN = ModerationStatus.REJECTED, ModerationStatus.HIDDEN

# Lists show this many rows per page here (the app reads PAGE_SIZE from its config at request
# time), so that MANY items fill a first page and spill onto a second.
PAGE_SIZE = 5
MANY = 7
# Every title and body carries this word, so that a search finds every row.
WORD = "Парк"

_seq = itertools.count(1)


# -- the data ---------------------------------------------------------------------------------
def _person(role=Role.CITIZEN) -> User:
    """An account that nobody logs in as (no real password hash: cheap to make), flushed."""
    n = next(_seq)
    user = User(
        email=f"row{n}@example.org",
        display_name=f"Row Person {n}",
        password_hash="!",
        role=role,
        sector=list(Sector)[n % len(Sector)],
        organisation=f"Org {n}" if n % 2 else None,
        district="mladost" if n % 3 else None,
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()  # its id is needed at once, for columns set by id
    return user


def _consultation(phase: str, sections: int = 2) -> Consultation:
    today = local_today()
    if phase == "scheduled":
        opens, closes = today + timedelta(days=5), today + timedelta(days=40)
    elif phase in ("closed", "report_published"):
        opens, closes = today - timedelta(days=40), today - timedelta(days=2)
    else:
        opens, closes = today - timedelta(days=1), today + timedelta(days=29)
    state = {
        "draft": ConsultationState.DRAFT,
        "report_published": ConsultationState.REPORT_PUBLISHED,
    }.get(phase, ConsultationState.PUBLISHED)
    n = next(_seq)
    consultation = Consultation(
        title_bg=f"{WORD} консултация {n}",
        title_en=f"{WORD} consultation {n}",
        summary_bg="Кратко описание",
        summary_en="Short summary",
        body_bg="Текст",
        body_en="Text",
        opens_on=opens,
        closes_on=closes,
        state=state,
        created_by=_person(Role.STAFF),
        published_at=None if phase == "draft" else utcnow() - timedelta(days=50),
        report_published_at=utcnow() if phase == "report_published" else None,
    )
    for i in range(sections):
        consultation.sections.append(
            Section(position=i, heading_bg=f"Раздел {i}", heading_en=f"Section {i}")
        )
    db.session.add(consultation)
    return consultation


def _document(consultation: Consultation, uploader: User) -> Document:
    n = next(_seq)
    document = Document(
        consultation=consultation,
        kind=list(DocumentKind)[n % len(DocumentKind)],
        title=f"Document {n}",
        original_name=f"doc{n}.pdf",
        stored_name=f"stored-{n}-{id(consultation)}",
        content_type="application/pdf",
        size_bytes=1024 * n,
        uploaded_by_id=uploader.id,
    )
    db.session.add(document)
    return document


def _comment(consultation, author, status=APPROVED, **kwargs) -> Comment:
    comment = Comment(
        consultation=consultation,
        author=author,
        body=f"{WORD}: предлагам да се добави срок.",
        moderation_status=status,
        **kwargs,
    )
    db.session.add(comment)
    return comment


def _respond(comment: Comment) -> None:
    n = next(_seq)
    db.session.add(
        CommentResponse(
            comment=comment,
            decision=list(ResponseDecision)[n % len(ResponseDecision)],
            reason_bg="Мотиви",
            reason_en="Reasons",
            responded_by=_person(Role.STAFF),
        )
    )


def _proposal(author, status=APPROVED, **kwargs) -> Proposal:
    n = next(_seq)
    proposal = Proposal(
        author=author,
        title=f"{WORD}: предложение {n}",
        body="Да има безплатен Wi-Fi в парковете.",
        moderation_status=status,
        **kwargs,
    )
    db.session.add(proposal)
    return proposal


def _flag_by_id(item, user) -> None:
    if item.id is None:
        db.session.flush()
    flag = Flag(user_id=user.id, reason=ReasonCode.OFFENSIVE, note="Обидно")
    if isinstance(item, Comment):
        flag.comment_id = item.id
    else:
        flag.proposal_id = item.id
    db.session.add(flag)


@dataclass
class World:
    """The objects every page is requested about; what a fill adds, it adds around them."""

    ids: dict = field(default_factory=dict)

    def get(self, model, key):
        return db.session.get(model, self.ids[key])


def build_world(make) -> World:
    world = World()
    user = make.citizen(display_name="Reader")
    target = make.citizen(display_name="Target")
    moderator, staff, admin = make.moderator(), make.staff(), make.admin()
    consultation = _consultation("report_published")
    open_consultation = _consultation("open")
    draft = _consultation("draft")
    proposal = _proposal(_person(), category=Category(name_bg="Паркове", name_en="Parks"))
    db.session.flush()
    top = _comment(consultation, _person(), section=consultation.sections[0])
    _respond(top)
    open_top = _comment(open_consultation, _person(), section=open_consultation.sections[1])
    _respond(open_top)
    rejected = _comment(
        open_consultation,
        user,
        status=REJECTED,
        moderation_reason=ReasonCode.SPAM,
        moderated_by_id=moderator.id,
        moderated_at=utcnow(),
    )
    db.session.commit()
    world.ids.update(
        user=user.id,
        target=target.id,
        moderator=moderator.id,
        staff=staff.id,
        admin=admin.id,
        consultation=consultation.id,
        open_consultation=open_consultation.id,
        draft=draft.id,
        open_comment=open_top.id,
        section=consultation.sections[0].id,
        proposal=proposal.id,
        comment=top.id,
        rejected=rejected.id,
    )
    return world


# -- fills: each adds n rows of one kind, with everything the pages show beside them ----------
def fill_consultations(world, n):
    """Consultations in every phase, each with sections, a document and an answered comment."""
    phases = ("open", "scheduled", "closed", "report_published", "draft")
    for i in range(n):
        consultation = _consultation(phases[i % len(phases)])
        staff = _person(Role.STAFF)
        db.session.flush()
        _document(consultation, staff)
        if consultation.state is not ConsultationState.DRAFT:
            comment = _comment(consultation, _person(), section=consultation.sections[1])
            _respond(comment)


def fill_threads(world, n, key="consultation"):
    """Threads on the world's consultation: a comment on a section with the City's response,
    a published reply, a pending reply, a report, a hidden one; all by different people."""
    consultation = world.get(Consultation, key)
    sections = consultation.sections
    for i in range(n):
        top = _comment(consultation, _person(), section=sections[i % len(sections)])
        _respond(top)
        _comment(consultation, _person(), parent=top, section=top.section)
        _comment(consultation, _person(), status=PENDING, parent=top)
        hidden = _comment(consultation, _person(), status=HIDDEN, needs_review=True)
        hidden.moderation_reason = ReasonCode.OFFENSIVE
        db.session.flush()
        _flag_by_id(top, _person())


def fill_open_threads(world, n):
    fill_threads(world, n, key="open_consultation")


def fill_sections(world, n, key="consultation"):
    """Sections and documents of the world's consultation."""
    consultation = world.get(Consultation, key)
    staff = _person(Role.STAFF)
    db.session.flush()
    start = len(consultation.sections)
    for i in range(n):
        consultation.sections.append(
            Section(position=start + i, heading_bg=f"Раздел {i}", heading_en=f"Section {i}")
        )
        _document(consultation, staff)


def fill_draft_sections(world, n):
    fill_sections(world, n, key="draft")


def fill_proposals(world, n):
    """Proposals in every stage, each in its own category, answered by its own staff member,
    supported and reported by others."""
    for i in range(n):
        stage = list(Stage)[i % len(Stage)]
        answered = stage not in (Stage.COLLECTING, Stage.THRESHOLD_REACHED)
        proposal = _proposal(
            _person(),
            stage=stage,
            support_count=2,
            category=Category(name_bg=f"Категория {i}", name_en=f"Category {i}", position=i),
            answer_bg="Отговор" if answered else None,
            answer_en="Answer" if answered else None,
            answered_at=utcnow() if answered else None,
            first_answered_at=utcnow() if answered else None,
            answered_by=_person(Role.STAFF) if answered else None,
        )
        supporters = [_person(), _person()]
        db.session.flush()
        for supporter in supporters:
            db.session.add(Support(proposal_id=proposal.id, user_id=supporter.id))
        _flag_by_id(proposal, _person())


def fill_categories(world, n):
    for i in range(n):
        db.session.add(Category(name_bg=f"Категория {i}", name_en=f"Category {i}", position=i))


def fill_users(world, n):
    roles = list(Role)
    for i in range(n):
        _person(roles[i % len(roles)])


def fill_notifications(world, n):
    """Notifications of every kind to the reader, about their own comments and proposals."""
    user = world.get(User, "user")
    consultation = world.get(Consultation, "open_consultation")
    for i in range(n):
        comment = _comment(
            consultation,
            user,
            status=REJECTED,
            moderation_reason=ReasonCode.SPAM,
            moderated_by_id=_person(Role.MODERATOR).id if i else None,
        )
        proposal = _proposal(user, stage=Stage.ACCEPTED, answer_bg="Да", answer_en="Yes")
        suspension = Suspension(
            user_id=user.id,
            reason="Обиди",
            starts_at=utcnow() - timedelta(days=10),
            ends_at=utcnow() - timedelta(days=5),
            created_by_id=world.ids["moderator"],
        )
        db.session.add(suspension)
        db.session.flush()
        for kind, obj, reason in (
            ("comment.reject", comment, "spam"),
            ("proposal.answer", proposal, "accepted"),
            ("proposal.approve", proposal, None),
            ("user.suspend", suspension, None),
        ):
            db.session.add(
                Notification(
                    user_id=user.id,
                    kind=kind,
                    object_type="suspension" if kind == "user.suspend" else kind.split(".")[0],
                    object_id=obj.id,
                    reason=reason,
                    note="Бележка",
                )
            )


def fill_audit(world, n):
    """Audit entries by different moderators and staff, about every kind of object."""
    consultation = world.get(Consultation, "open_consultation")
    for i in range(n):
        actor = _person(Role.MODERATOR if i % 2 else Role.STAFF)
        comment = _comment(consultation, _person())
        proposal = _proposal(_person())
        db.session.flush()
        record(actor, "comment.reject", comment, ReasonCode.SPAM, note="Спам")
        record(actor, "proposal.approve", proposal)
        record(actor, "consultation.publish", consultation)
        record(None, "comment.auto_hide", comment)
        record(actor, "user.suspend", _person())


def fill_queue(world, n):
    """Everything a moderator works: pending comments (some replies, on sections) and
    proposals, reported items, items published under post-moderation, appeals."""
    consultation = world.get(Consultation, "open_consultation")
    for i in range(n):
        parent = _comment(consultation, _person())
        _comment(consultation, _person(), status=PENDING, parent=parent, section=None)
        _comment(consultation, _person(), status=PENDING, section=consultation.sections[i % 2])
        _proposal(_person(), status=PENDING, category=Category(name_bg=f"К {i}", name_en=f"C {i}"))
        reported = _comment(consultation, _person())
        reported_proposal = _proposal(_person())
        unreviewed = _comment(consultation, _person(), needs_review=True)
        rejected = _proposal(
            _person(),
            status=REJECTED,
            moderation_reason=ReasonCode.SPAM,
            moderated_by_id=_person(Role.MODERATOR).id,
        )
        db.session.flush()
        _flag_by_id(reported, _person())
        _flag_by_id(reported_proposal, _person())
        _flag_by_id(unreviewed, _person())
        db.session.add(
            Appeal(
                proposal_id=rejected.id,
                author_id=rejected.author_id,
                body="Моля, прегледайте отново.",
                original_status=REJECTED,
                original_reason=ReasonCode.SPAM,
                original_moderator_id=rejected.moderated_by_id,
            )
        )
        record(_person(Role.MODERATOR), "comment.reject", reported, ReasonCode.SPAM)


def fill_account(world, n):
    """A participant's history as a moderator sees it: suspensions (some lifted) by different
    moderators, and decided comments and proposals."""
    target = world.get(User, "target")
    consultation = world.get(Consultation, "open_consultation")
    for i in range(n):
        moderator = _person(Role.MODERATOR)
        db.session.flush()
        db.session.add(
            Suspension(
                user_id=target.id,
                reason="Обиди",
                starts_at=utcnow() - timedelta(days=20 + i),
                ends_at=utcnow() - timedelta(days=10 + i),
                created_by_id=moderator.id,
                lifted_at=utcnow() - timedelta(days=15) if i % 2 else None,
                lifted_by_id=_person(Role.MODERATOR).id if i % 2 else None,
            )
        )
        _comment(consultation, target, status=REJECTED, moderation_reason=ReasonCode.SPAM)
        _comment(consultation, target, status=HIDDEN, moderation_reason=ReasonCode.OFFENSIVE)
        _proposal(target, status=REJECTED, moderation_reason=ReasonCode.OFFENSIVE)
        _flag_by_id(_comment(consultation, target), _person())
        db.session.flush()


def fill_activity(world, n):
    """What the reader wrote and did: comments on different consultations (answered), replies,
    proposals in categories, supports, reports, and the decisions about them."""
    user = world.get(User, "user")
    for i in range(n):
        consultation = _consultation("report_published" if i % 2 else "open")
        db.session.flush()
        comment = _comment(consultation, user, section=consultation.sections[0])
        _respond(comment)
        _comment(consultation, user, parent=comment)
        proposal = _proposal(
            user, category=Category(name_bg=f"К {i}", name_en=f"C {i}"), stage=Stage.UNDER_REVIEW
        )
        others = _proposal(_person())
        db.session.flush()
        db.session.add(Support(proposal_id=others.id, user_id=user.id))
        _flag_by_id(_comment(consultation, _person()), user)
        record(_person(Role.MODERATOR), "comment.approve", comment)
        record(_person(Role.MODERATOR), "proposal.approve", proposal)


def fill_everything(world, n):
    """For the pages that add everything up (indicators, figures, the home page)."""
    fill_consultations(world, n)
    fill_threads(world, n)
    fill_proposals(world, n)
    fill_queue(world, n)


# -- the pages --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    url: str  # with {placeholders} filled from the world's ids
    role: str  # who requests it: anonymous, user, moderator, staff, admin
    fill: object  # fill(world, n)
    # Statements allowed above the count for one item. Pages with a fixed extra query for a
    # list that is empty with one item may need one; each must say why.
    slack: int = 0
    # Whether the page must show more with many items: proves the fill reached it.
    grows: bool = True


PAGES = {
    # public pages
    "core.home": Page("/", "anonymous", fill_everything),
    "core.search_view": Page(f"/search?q={WORD}", "anonymous", fill_everything),
    "consultations.index": Page("/consultations/", "anonymous", fill_consultations),
    "consultations.detail": Page("/consultations/{consultation}", "anonymous", fill_threads),
    "proposals.index": Page("/proposals/", "anonymous", fill_proposals),
    "proposals.detail": Page("/proposals/{proposal}", "anonymous", fill_proposals, grows=False),
    "reports.consultation_report": Page(
        "/reports/consultations/{consultation}", "anonymous", fill_threads
    ),
    "evidence.index": Page("/participation/", "anonymous", fill_everything, grows=False),
    # open data
    "api.index": Page("/api/v1/", "anonymous", fill_everything, grows=False),
    "api.consultations": Page("/api/v1/consultations", "anonymous", fill_consultations),
    "api.consultation": Page("/api/v1/consultations/{consultation}", "anonymous", fill_sections),
    "api.comments": Page("/api/v1/comments", "anonymous", fill_threads),
    "api.proposals": Page("/api/v1/proposals", "anonymous", fill_proposals),
    "api.proposal": Page("/api/v1/proposals/{proposal}", "anonymous", fill_proposals, grows=False),
    "api.reports": Page("/api/v1/reports", "anonymous", fill_consultations),
    "api.report": Page("/api/v1/reports/{consultation}", "anonymous", fill_threads),
    "api.indicators": Page("/api/v1/indicators", "anonymous", fill_everything, grows=False),
    "feeds.consultations": Page("/feeds/consultations.atom", "anonymous", fill_consultations),
    "feeds.reports": Page("/feeds/reports.atom", "anonymous", fill_consultations),
    "feeds.proposals": Page("/feeds/proposals.atom", "anonymous", fill_proposals),
    "feeds.calendar": Page("/feeds/consultations.ics", "anonymous", fill_consultations),
    # a participant's own pages
    "auth.profile": Page("/account/profile", "user", fill_activity),
    "auth.export_data": Page("/account/export.json", "user", fill_activity),
    "notifications.index": Page("/notifications/", "user", fill_notifications),
    "proposals.new": Page("/proposals/new", "user", fill_categories),
    "moderation.flag": Page(
        "/moderation/comment/{comment}/flag", "user", fill_threads, grows=False
    ),
    "moderation.appeal": Page(
        "/moderation/comment/{rejected}/appeal", "user", fill_notifications, grows=False
    ),
    # moderation
    "moderation.queue": Page("/moderation/", "moderator", fill_queue),
    "moderation.audit": Page("/moderation/audit", "moderator", fill_audit),
    "moderation.audit_export": Page("/moderation/audit.csv", "moderator", fill_audit),
    "moderation.figures": Page("/moderation/figures", "moderator", fill_queue, grows=False),
    "moderation.suspend": Page("/moderation/accounts/{target}", "moderator", fill_account),
    # staff
    "staff.dashboard": Page("/staff/", "staff", fill_consultations),
    "staff.consultation_manage": Page(
        "/staff/consultations/{consultation}", "staff", fill_sections
    ),
    "staff.consultation_edit": Page(
        "/staff/consultations/{draft}/edit", "staff", fill_draft_sections, grows=False
    ),
    "staff.section_edit": Page(
        "/staff/sections/{section}/edit", "staff", fill_sections, grows=False
    ),
    "staff.responses": Page("/staff/consultations/{consultation}/responses", "staff", fill_threads),
    "staff.comment_response": Page(
        "/staff/comments/{open_comment}/response", "staff", fill_open_threads, grows=False
    ),
    "staff.consultation_dashboard": Page(
        "/staff/consultations/{consultation}/dashboard", "staff", fill_threads, grows=False
    ),
    "proposals.answer": Page("/proposals/{proposal}/answer", "staff", fill_proposals, grows=False),
    "proposals.categories": Page("/proposals/categories", "staff", fill_categories),
    "evidence.pack": Page("/participation/pack.json", "staff", fill_everything, grows=False),
    # admin
    "admin.users": Page("/admin/users", "admin", fill_users),
}

# Endpoints with several URLs (one per format or dataset): each is measured.
VARIANTS = {
    "api.bulk": [
        Page("/api/v1/bulk/consultations.csv", "anonymous", fill_consultations),
        Page("/api/v1/bulk/comments.csv", "anonymous", fill_threads),
        Page("/api/v1/bulk/proposals.csv", "anonymous", fill_proposals),
    ],
    "reports.consultation_report_download": [
        Page(f"/reports/consultations/{{consultation}}/report.{fmt}", "anonymous", fill_threads)
        for fmt in ("csv", "json", "xlsx", "docx")
    ],
    "staff.export": [
        Page(f"/staff/consultations/{{consultation}}/export.{fmt}", "staff", fill_threads)
        for fmt in ("csv", "json", "xlsx", "docx")
    ],
    "evidence.chart": [
        Page("/participation/charts/{indicator}.svg", "anonymous", fill_everything, grows=False)
    ],
    "consultations.detail (open)": [
        Page("/consultations/{open_consultation}", "anonymous", fill_open_threads)
    ],
}

EXCLUDED = {
    "static": "files from app/static: no database",
    "core.healthz": "SELECT 1 for the load balancer: no rows",
    "core.accessibility": "a fixed text page",
    "pages.privacy": "a fixed text page",
    "pages.terms": "a fixed text page",
    "reports.chart_stylesheet": "pygal's fixed CSS: no database",
    "api.openapi": "the fixed OpenAPI document",
    "auth.login": "an empty form",
    "auth.register": "an empty form",
    "auth.check_email": "a fixed text page after registering",
    "auth.forgot_password": "an empty form",
    "auth.security": "the forms of one's own account: no rows",
    "auth.delete_account": "a confirmation form: no rows",
    "auth.verify_email": "a signed link: one account, then a redirect",
    "auth.reset_password": "a signed link: one account and a form",
    "auth.confirm_email_change": "a signed link: one account, then a redirect",
    "staff.consultation_new": "an empty form",
    "consultations.document": "sends one stored file: one row",
}


def _all_cases():
    cases = [pytest.param(page, id=endpoint) for endpoint, page in PAGES.items()]
    for endpoint, pages in VARIANTS.items():
        cases += [pytest.param(page, id=f"{endpoint} {page.url}") for page in pages]
    return cases


def test_every_get_endpoint_is_covered_or_excluded(app):
    get_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    known = PAGES.keys() | {name.split(" ")[0] for name in VARIANTS} | EXCLUDED.keys()
    assert sorted(get_endpoints - known) == [], (
        "new GET pages: add them to PAGES (with data that fills them) or, if they show no "
        "rows, to EXCLUDED with the reason"
    )
    assert sorted(known - get_endpoints) == [], "these endpoints are gone: remove them here"
    assert not PAGES.keys() & EXCLUDED.keys()


def _indicator() -> str:
    from app.evidence.definitions import INDICATORS

    return INDICATORS[0].id


def _log_in(client, world, role):
    if role == "anonymous":
        return
    user = db.session.get(User, world.ids[role])
    response = client.post(
        "/account/login", data={"email": user.email, "password": Factory.PASSWORD}
    )
    assert response.status_code == 302


def _read(response) -> bytes:
    """The body, then close the response as a WSGI server does (it closes a file sent)."""
    body = response.get_data()
    response.close()
    return body


def _measure(client, url):
    _read(client.get(url))  # warm up: the session, the locale, caches made on first use
    # The test shares the request's session: start, as a real request does, from an empty
    # identity map, so that no row is found without a query.
    db.session.remove()
    with count_statements() as statements:
        response = client.get(url)
        body = _read(response)  # a streamed body runs its queries while it is read
    assert response.status_code == 200, f"{url}: {response.status_code}"
    db.session.remove()
    return statements, body


@pytest.mark.parametrize("page", _all_cases())
def test_a_page_runs_as_many_statements_for_many_items_as_for_one(app, client, make, page):
    app.config["PAGE_SIZE"] = PAGE_SIZE
    world = build_world(make)
    url = page.url.format(indicator=_indicator(), **world.ids)
    _log_in(client, world, page.role)

    page.fill(world, 1)
    db.session.commit()
    one, small = _measure(client, url)

    page.fill(world, MANY - 1)
    db.session.commit()
    many, large = _measure(client, url)

    if page.grows:
        assert len(large) > len(small), f"{url}: the fill did not reach the page"
    assert many.count <= one.count + page.slack, (
        f"{url}: more statements for {MANY} items than for 1 (a query per row?)\n"
        f"--- 1 item: {one}\n--- {MANY} items: {many}"
    )
