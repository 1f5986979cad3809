"""Staff keep the list of proposal categories."""

from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Category, Proposal


def test_citizens_are_refused_the_categories_page(client, make, login):
    assert client.get("/proposals/categories").status_code == 302
    login(make.citizen())
    assert client.get("/proposals/categories").status_code == 403
    data = {"new-name_bg": "Спорт", "new-name_en": "Sport"}
    assert client.post("/proposals/categories", data=data).status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Category)) == 0


def test_staff_add_rename_and_reorder_categories(client, make, login):
    login(make.staff())
    for bg, en in (("Транспорт", "Transport"), ("Паркове", "Parks")):
        response = client.post("/proposals/categories", data={"new-name_bg": bg, "new-name_en": en})
        assert response.status_code == 302
    transport, parks = db.session.scalars(db.select(Category).order_by(Category.position)).all()
    assert (transport.name_en, parks.name_en) == ("Transport", "Parks")

    response = client.post(
        f"/proposals/categories/{parks.id}",
        data={
            f"category-{parks.id}-name_bg": "Паркове и градини",
            f"category-{parks.id}-name_en": "Parks and gardens",
            f"category-{parks.id}-position": "0",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    names = [c.name_en for c in db.session.scalars(db.select(Category).order_by(Category.position))]
    assert names == ["Parks and gardens", "Transport"]
    # The submission form offers them in that order, named in the page language.
    login_page = client.get("/proposals/new?lang=bg").get_data(as_text=True)
    assert login_page.index("Паркове и градини") < login_page.index("Транспорт")
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["category.create", "category.create", "category.update"]


def test_a_rejected_category_form_keeps_what_was_typed(client, make, login):
    category = make.category(name_bg="Култура", name_en="Culture")
    login(make.staff())
    response = client.post(
        "/proposals/categories", data={"new-name_bg": "Само български", "new-name_en": ""}
    )
    assert response.status_code == 200
    assert 'value="Само български"' in response.get_data(as_text=True)

    response = client.post(
        f"/proposals/categories/{category.id}",
        data={
            f"category-{category.id}-name_bg": "",
            f"category-{category.id}-name_en": "Culture and arts",
            f"category-{category.id}-position": "1",
        },
    )
    assert response.status_code == 200
    assert 'value="Culture and arts"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Category, category.id).name_bg == "Култура"


def test_deleting_a_category_keeps_its_proposals(client, make, login):
    category = make.category(name_bg="Отпада", name_en="Going away")
    proposal = make.proposal(make.citizen(), category_id=category.id, title="Остава си")
    login(make.staff())
    page = client.get("/proposals/categories?lang=en").get_data(as_text=True)
    assert "Delete this category? 1 proposal will stay, without a category." in page
    response = client.post(f"/proposals/categories/{category.id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Category, category.id) is None
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal is not None
    assert proposal.category_id is None
    assert "Остава си" in client.get("/proposals/").get_data(as_text=True)
