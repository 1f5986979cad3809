from app.auth.models import Role
from app.extensions import db
from app.moderation.models import AuditEntry


def test_admin_gives_a_citizen_the_moderator_role_and_it_is_audited(client, make, login):
    admin = make.admin()
    citizen = make.citizen(display_name="Петър Иванов")
    login(admin)
    page = client.get("/admin/users?lang=en").get_data(as_text=True)
    assert "Петър Иванов" in page
    response = client.post(f"/admin/users/{citizen.id}/role", data={"role": "moderator"})
    assert response.status_code == 302
    db.session.refresh(citizen)
    assert citizen.role is Role.MODERATOR
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.actor_id, entry.action, entry.object_id) == (
        admin.id,
        "user.role_change",
        citizen.id,
    )
    # the new moderator now opens the queue
    client.post("/account/logout")
    login(citizen)
    assert client.get("/moderation/").status_code == 200


def test_admin_cannot_demote_themselves(client, make, login):
    admin = make.admin()
    login(admin)
    client.post(f"/admin/users/{admin.id}/role", data={"role": "citizen"})
    db.session.refresh(admin)
    assert admin.role is Role.ADMIN


def test_only_admins_manage_accounts(client, make, login):
    target = make.citizen()
    for user in (make.citizen(), make.moderator(), make.staff()):
        login(user)
        assert client.get("/admin/users").status_code == 403
        assert (
            client.post(f"/admin/users/{target.id}/role", data={"role": "admin"}).status_code == 403
        )
        client.post("/account/logout")
    db.session.refresh(target)
    assert target.role is Role.CITIZEN


def test_search_finds_accounts_by_email(client, make, login):
    login(make.admin())
    make.citizen(email="ivana@example.org", display_name="Ивана")
    make.citizen(email="georgi@example.org", display_name="Георги")
    page = client.get("/admin/users?q=IVANA").get_data(as_text=True)
    assert "ivana@example.org" in page
    assert "georgi@example.org" not in page
