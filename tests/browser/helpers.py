"""Small steps a person takes in the browser, shared by the journeys."""

DEMO_PASSWORDS = {
    "admin@demo.glas.bg": "demo-admin-2026",
    "staff@demo.glas.bg": "demo-staff-2026",
    "moderator@demo.glas.bg": "demo-moderator-2026",
    "citizen@demo.glas.bg": "demo-citizen-2026",
}


def log_in(page, email, password=None):
    page.goto("/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password or DEMO_PASSWORDS[email])
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()


def log_out(page):
    page.locator("form[action$='/account/logout'] button").click()
    page.wait_for_load_state()
