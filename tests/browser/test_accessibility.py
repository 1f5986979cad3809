"""axe-core (WCAG 2.1 A and AA) on every page template, in Bulgarian and in English."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .helpers import log_in

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# Who looks at which pages. Ids refer to the demo data (flask seed-demo).
PAGES = {
    None: [
        "/",
        "/consultations/",
        "/consultations/?tab=upcoming",
        "/consultations/?tab=closed",
        "/consultations/3",
        "/consultations/2",
        "/proposals/",
        "/proposals/1",
        "/search?q=софия",
        "/search?q=nothing-matches-this",
        "/reports/consultations/1",
        "/account/login",
        "/account/register",
        "/accessibility",
        "/privacy",
        "/terms",
        "/participation/",
        "/account/forgot-password",
        "/no-such-page",
    ],
    "citizen@demo.glas.bg": [
        "/account/profile",
        "/account/security",
        "/account/delete",
        "/notifications/",
        "/proposals/new",
        "/consultations/3",
    ],
    "moderator@demo.glas.bg": [
        "/moderation/",
        "/moderation/?show=flagged",
        "/moderation/audit",
        "/moderation/figures",
    ],
    "staff@demo.glas.bg": [
        "/staff/",
        "/staff/consultations/new",
        "/staff/consultations/2",
        "/staff/consultations/2/edit",
        "/staff/consultations/2/responses",
        "/staff/consultations/2/dashboard",
        "/proposals/1/answer",
        "/proposals/categories",
    ],
    "admin@demo.glas.bg": ["/admin/users"],
}

CHECKED: list[str] = []


def _violations(page, url):
    page.goto(url)
    results = Axe().run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "visitor")
def test_every_page_has_no_wcag_violations(page, who, lang):
    if who:
        log_in(page, who)
    found = {}
    for path in PAGES[who]:
        url = f"{path}{'&' if '?' in path else '?'}lang={lang}"
        CHECKED.append(f"{lang} {who or 'visitor'} {path}")
        problems = _violations(page, url)
        if problems:
            found[path] = problems
    print(f"\naxe checked {len(PAGES[who])} pages as {who or 'visitor'} in {lang}:")
    for path in PAGES[who]:
        print(f"  {path}")
    assert found == {}


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_form_with_errors_has_no_wcag_violations_and_ties_errors_to_fields(page, lang):
    page.goto(f"/account/register?lang={lang}")
    page.fill("input[name=email]", "not-an-email")
    page.fill("input[name=password]", "short")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == []
    described = page.get_attribute("input[name=password]", "aria-describedby")
    assert "password-error" in described
    assert page.get_attribute("input[name=password]", "aria-invalid") == "true"
    # what the person typed is still there
    assert page.input_value("input[name=email]") == "not-an-email"
