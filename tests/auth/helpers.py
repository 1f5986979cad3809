"""Reading the e-mails the folder backend wrote, and the links in them."""

import re

from app.core.mail import sent_messages

LINK = re.compile(r"http://localhost(/account/[\w./-]+)")


def mails_to(address):
    return [m for m in sent_messages() if m["To"] == address]


def body(message):
    return message.get_content()


def links(message):
    """The site paths linked from `message`, in order."""
    return LINK.findall(body(message))


def link_to(message, prefix):
    found = [path for path in links(message) if path.startswith(prefix)]
    assert found, f"no {prefix} link in: {body(message)}"
    return found[0]


def registration(**overrides):
    data = {
        "email": "ana@example.org",
        "display_name": "Ана Петрова",
        "password": "дълга парола за тест",
        "confirm": "дълга парола за тест",
        "sector": "ngo",
        "organisation": "Сдружение Отворен код",
        "district": "lozenets",
        "locale": "bg",
    }
    data.update(overrides)
    return data
