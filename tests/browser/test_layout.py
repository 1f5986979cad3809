"""Any screen: no horizontal scrolling at 360 px, a keyboard-usable menu, one h1, right lang."""

import pytest

from .helpers import log_in

PHONE = {"width": 360, "height": 740}
PUBLIC = [
    "/",
    "/consultations/",
    "/consultations/3",
    "/proposals/",
    "/proposals/1",
    "/reports/consultations/1",
    "/account/register",
    "/search?q=софия",
    "/accessibility",
]
STAFF = [
    "/staff/",
    "/staff/consultations/2",
    "/staff/consultations/2/responses",
    "/moderation/audit",
]


def _scroll_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, lang):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    wide = {}
    for path in PUBLIC:
        page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        if (overflow := _scroll_overflow(page)) > 0:
            wide[path] = overflow
    log_in(page, "staff@demo.glas.bg")
    for path in STAFF:
        page.goto(f"{path}?lang={lang}")
        if (overflow := _scroll_overflow(page)) > 0:
            wide[path] = overflow
    context.close()
    assert wide == {}


def test_the_menu_collapses_on_a_phone_and_opens_with_the_keyboard(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.goto("/?lang=en")
    toggle = page.locator(".menu-toggle")
    assert toggle.is_visible()
    assert not page.locator("#main-nav").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Proposals").first.is_visible()
    page.keyboard.press("Space")
    assert not page.locator("#main-nav").is_visible()
    context.close()


def test_every_page_has_one_h1_and_the_right_language(page):
    for lang in ("bg", "en"):
        for path in PUBLIC:
            page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            assert page.locator("h1").count() == 1, path
            assert page.get_attribute("html", "lang") == lang
