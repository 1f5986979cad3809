"""The main journeys, clicked as a person would, once in Bulgarian and once in English."""

import re
from datetime import timedelta

import pytest

from app.core.timeutil import local_today

from .helpers import log_in, log_out

SUBMIT = "[type=submit]"


def _accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())


def _staff_creates_an_open_consultation(page, title):
    log_in(page, "staff@demo.glas.bg")
    page.goto("/staff/consultations/new")
    page.fill("input[name=title_bg]", title)
    page.fill("input[name=title_en]", title + " (EN)")
    page.fill("textarea[name=summary_bg]", "Кратко описание на проекта.")
    today = local_today()
    page.fill("input[name=opens_on]", today.isoformat())
    page.fill("input[name=closes_on]", (today + timedelta(days=30)).isoformat())
    page.locator(f"main form {SUBMIT}").last.click()
    page.wait_for_load_state()
    manage_url = page.url
    # a section citizens can comment on
    page.locator("#sections details summary").last.click()
    page.fill("input[name=section-heading_bg]", "Раздел за електронни услуги")
    page.fill("input[name=section-heading_en]", "E-services section")
    page.fill("textarea[name=section-body_bg]", "Текст на раздела.")
    page.locator(f"form[action$='/sections'] {SUBMIT}").click()
    page.wait_for_load_state()
    page.locator(f"form[action$='/publish'] {SUBMIT}").click()
    page.wait_for_load_state()
    consultation_id = int(re.search(r"/staff/consultations/(\d+)", manage_url).group(1))
    log_out(page)
    return consultation_id


def _register_and_confirm(page, live_server, email, lang):
    page.goto(f"/?lang={lang}")
    page.locator("header a[href*='/account/register']").click()
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", "Веселина Тестова")
    page.fill("input[name=password]", "дълга и лесна за помнене фраза")
    page.fill("input[name=confirm]", "дълга и лесна за помнене фраза")
    page.select_option("select[name=sector]", "academia")
    page.fill("input[name=organisation]", "Технически университет – София")
    page.select_option("select[name=district]", "studentski")
    page.locator(f"main form {SUBMIT}").click()
    page.wait_for_load_state()
    links = [
        link
        for message in live_server.mails()
        if message["To"] == email
        for link in re.findall(r"https?://\S+/account/verify/\S+", message.get_content())
    ]
    assert links, "no confirmation e-mail arrived"
    page.goto(links[-1])
    page.wait_for_load_state()
    if page.locator("header a[href*='/account/login']").count():
        log_in(page, email, "дълга и лесна за помнене фраза")


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_comment_from_registration_to_the_published_report(browser, live_server, lang):
    title = f"Наредба за отворени данни ({lang})"
    comment_text = f"Предлагам наборите от данни да се обновяват всяка седмица ({lang})."
    email = f"veselina-{lang}@example.org"

    staff = browser.new_context(base_url=live_server.url)
    staff_page = staff.new_page()
    _accept_confirmations(staff_page)
    consultation_id = _staff_creates_an_open_consultation(staff_page, title)

    citizen = browser.new_context(base_url=live_server.url)
    page = citizen.new_page()
    _register_and_confirm(page, live_server, email, lang)

    # comment on the one section of the consultation
    page.goto(f"/consultations/{consultation_id}?lang={lang}")
    assert page.get_attribute("html", "lang") == lang
    page.locator("a[href*='section=']").filter(has_text=re.compile(".")).last.click()
    page.fill("#comment-form textarea[name=body]", comment_text)
    page.locator(f"#comment-form {SUBMIT}").click()
    page.wait_for_load_state()
    mine = page.locator(".comment", has_text=comment_text)
    assert mine.locator(".status-pending").count() == 1

    # nobody else sees it yet
    visitor = browser.new_context(base_url=live_server.url)
    visitor_page = visitor.new_page()
    visitor_page.goto(f"/consultations/{consultation_id}")
    assert comment_text not in visitor_page.content()

    # the demo moderator approves it from the queue
    moderator = browser.new_context(base_url=live_server.url)
    mod_page = moderator.new_page()
    log_in(mod_page, "moderator@demo.glas.bg")
    mod_page.goto(f"/moderation/?show=comments&lang={lang}")
    item = mod_page.locator("article, li, .queue-item, .card").filter(has_text=comment_text).first
    item.locator(
        "form[action$='/decide'] button[value=approve], form[action$='/decide'] [type=submit]"
    ).first.click()
    mod_page.wait_for_load_state()

    # the citizen, and everyone, now see it published
    visitor_page.goto(f"/consultations/{consultation_id}")
    assert comment_text in visitor_page.content()
    page.reload()
    assert page.locator(".comment", has_text=comment_text).locator(".status-pending").count() == 0

    # staff respond, close the consultation, publish the report and download it
    log_in(staff_page, "staff@demo.glas.bg")
    staff_page.goto(f"/staff/consultations/{consultation_id}/responses?lang={lang}")
    form = staff_page.locator("form.response-form").first
    form.locator("select[name$=decision]").select_option("partly_accepted")
    form.locator("textarea[name$=reason_bg]").fill(
        "Ще се обновяват ежемесечно; седмично е твърде скъпо."
    )
    form.locator("textarea[name$=reason_en]").fill("Monthly updates; weekly is too costly.")
    form.locator(SUBMIT).click()
    staff_page.wait_for_load_state()
    staff_page.goto(f"/staff/consultations/{consultation_id}?lang={lang}")
    staff_page.fill("textarea[name=close-reason]", "Демонстрация на целия процес.")
    staff_page.locator(f"form.close-form {SUBMIT}").click()
    staff_page.wait_for_load_state()
    staff_page.locator(f"form[action$='/publish-report'] {SUBMIT}").click()
    staff_page.wait_for_load_state()

    visitor_page.goto(f"/reports/consultations/{consultation_id}?lang={lang}")
    report = visitor_page.content()
    assert comment_text in report
    assert "Ще се обновяват ежемесечно" in report or "Monthly updates" in report
    with staff_page.expect_download() as download_info:
        staff_page.goto(f"/staff/consultations/{consultation_id}?lang={lang}")
        staff_page.locator("a[href*='export.csv']").first.click()
    csv_bytes = download_info.value.path().read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    assert comment_text in csv_bytes.decode("utf-8-sig")

    for context in (staff, citizen, visitor, moderator):
        context.close()


def test_a_citizen_submits_a_proposal_supports_it_and_withdraws(page):
    _accept_confirmations(page)
    log_in(page, "citizen@demo.glas.bg")
    page.goto("/proposals/new?lang=en")
    page.fill("input[name=title]", "Отворени данни за паркирането")
    page.fill(
        "textarea[name=body]", "Да се публикуват свободните места в синя зона като отворени данни."
    )
    page.select_option("select[name=category]", index=1)
    page.locator(f"main form {SUBMIT}").click()
    page.wait_for_load_state()
    assert "Отворени данни за паркирането" in page.content()
    assert page.locator(".status-pending").count() >= 1

    # support an approved proposal once, then withdraw
    page.goto("/proposals/?stage=collecting&lang=en")
    page.locator(".card a[href^='/proposals/']").first.click()
    page.wait_for_load_state()
    count_before = int(
        re.search(r"(\d+)", page.locator(".support-progress strong").first.inner_text()).group(1)
    )
    page.locator(f"form[action$='/support'] {SUBMIT}").click()
    page.wait_for_load_state()
    after_support = int(
        re.search(r"(\d+)", page.locator(".support-progress strong").first.inner_text()).group(1)
    )
    assert page.locator("form[action$='/withdraw']").count() == 1
    page.locator(f"form[action$='/withdraw'] {SUBMIT}").click()
    page.wait_for_load_state()
    after_withdraw = int(
        re.search(r"(\d+)", page.locator(".support-progress strong").first.inner_text()).group(1)
    )
    assert (after_support, after_withdraw) == (count_before + 1, count_before)


def test_the_language_switcher_keeps_the_current_page(page):
    page.goto("/consultations/3?lang=bg")
    page.locator(".lang-switch a[hreflang=en]").click()
    page.wait_for_load_state()
    assert "/consultations/3" in page.url
    assert page.get_attribute("html", "lang") == "en"
    page.goto("/proposals/")
    assert page.get_attribute("html", "lang") == "en"


def test_a_form_with_errors_keeps_what_was_typed(page):
    log_in(page, "citizen@demo.glas.bg")
    page.goto("/proposals/new?lang=en")
    page.fill("input[name=title]", "Къс")
    page.fill("textarea[name=body]", "Твърде кратко.")
    page.locator(f"main form {SUBMIT}").click()
    page.wait_for_load_state()
    assert page.input_value("input[name=title]") == "Къс"
    assert page.input_value("textarea[name=body]") == "Твърде кратко."
    assert page.locator(".error").count() >= 1


def test_the_keyboard_alone_is_enough_to_log_in_and_comment(page):
    page.goto("/consultations/3?lang=en")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto("/account/login?lang=en&next=/consultations/3")
    page.locator("input[name=email]").focus()
    page.keyboard.type("citizen@demo.glas.bg")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-citizen-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/consultations/3" in page.url

    text = "Коментар, написан само с клавиатурата."
    textarea = page.locator("#comment-form textarea[name=body]")
    # Tab through the page until the comment box has the focus, checking focus is visible
    for _ in range(400):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "getComputedStyle(document.activeElement).outlineStyle + ' ' + "
            "getComputedStyle(document.activeElement).boxShadow"
        )
        assert outline != "none none", page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("document.activeElement.name") == "body" and textarea.evaluate(
            "el => el === document.activeElement"
        ):
            break
    else:
        pytest.fail("the comment box cannot be reached with Tab")
    page.keyboard.type(text)
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".comment", has_text=text).locator(".status-pending").count() == 1
