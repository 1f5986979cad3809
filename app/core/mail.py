"""Outgoing e-mail.

`send_mail()` is the one entry point. With `MAIL_BACKEND=smtp` it sends through the SMTP
settings; otherwise (development, tests) each message is printed to the console and written as
an .eml file under `instance/mail/`, so that a person trying the platform can follow the links.
"""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from .timeutil import utcnow


def _message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="glas.local")
    message.set_content(body)
    return message


def _write_to_folder(message: EmailMessage) -> Path:
    folder = Path(current_app.config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(bytes(message))
    return path


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message (subject and body already in the recipient's language)."""
    message = _message(to, subject, body)
    if current_app.config["MAIL_BACKEND"] == "smtp":
        _send_smtp(message)
        return
    path = _write_to_folder(message)
    if not current_app.testing:
        print(
            f"--- e-mail to {to} (saved as {path}) ---\nSubject: {subject}\n\n{body}\n---",
            flush=True,
        )


def sent_messages() -> list[EmailMessage]:
    """The messages the folder backend has written, oldest first (for tests and the demo)."""
    from email import message_from_bytes, policy

    folder = Path(current_app.config["MAIL_FOLDER"])
    if not folder.exists():
        return []
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]
