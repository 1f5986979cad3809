from app.core.mail import send_mail, sent_messages


def test_development_mail_lands_in_the_mail_folder_with_cyrillic_intact(app):
    send_mail(
        "ana@example.org", "Потвърдете имейла си", "Отворете връзката: http://127.0.0.1:5000/x"
    )
    [message] = sent_messages()
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Потвърдете имейла си"
    assert "Отворете връзката" in message.get_content()
