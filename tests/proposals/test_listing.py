"""The public list of proposals: only published ones, filters, sorting, pages."""

import html
import re

from app.moderation.models import ModerationStatus
from app.proposals.models import Stage
from tests.helpers import count_statements


def titles(response):
    return re.findall(
        r'<h2><a href="/proposals/\d+" lang="\w+">([^<]+)</a></h2>', response.get_data(as_text=True)
    )


def test_only_published_proposals_are_listed(client, make):
    author = make.citizen()
    make.proposal(author, title="Публикувано предложение")
    make.proposal(author, title="Чакащо одобрение", status=ModerationStatus.PENDING)
    make.proposal(author, title="Отхвърлено предложение", status=ModerationStatus.REJECTED)
    make.proposal(author, title="Скрито предложение", status=ModerationStatus.HIDDEN)
    assert titles(client.get("/proposals/")) == ["Публикувано предложение"]


def test_most_supported_first_by_default_and_newest_on_request(client, make):
    author = make.citizen()
    make.proposal(author, title="Старо и популярно", support_count=30)
    make.proposal(author, title="Средно", support_count=10)
    make.proposal(author, title="Най-ново", support_count=0)
    assert titles(client.get("/proposals/")) == ["Старо и популярно", "Средно", "Най-ново"]
    assert titles(client.get("/proposals/?sort=newest")) == [
        "Най-ново",
        "Средно",
        "Старо и популярно",
    ]


def test_filters_by_category_and_stage_and_keep_the_choice(client, make):
    author = make.citizen()
    transport = make.category(name_bg="Транспорт", name_en="Transport")
    parks = make.category(name_bg="Паркове", name_en="Parks")
    make.proposal(author, title="Нови автобуси", category_id=transport.id)
    make.proposal(author, title="Повече пейки", category_id=parks.id)
    make.proposal(author, title="Приет трамвай", category_id=transport.id, stage=Stage.ACCEPTED)

    response = client.get(f"/proposals/?category={transport.id}")
    assert sorted(titles(response)) == ["Нови автобуси", "Приет трамвай"]
    assert f'<option selected value="{transport.id}">Транспорт</option>' in response.get_data(
        as_text=True
    )

    response = client.get(f"/proposals/?category={transport.id}&stage=accepted")
    assert titles(response) == ["Приет трамвай"]
    assert '<option selected value="accepted">' in response.get_data(as_text=True)

    english = client.get(f"/proposals/?category={parks.id}&lang=en").get_data(as_text=True)
    assert f'<option selected value="{parks.id}">Parks</option>' in english


def test_unknown_filter_values_are_ignored(client, make):
    make.proposal(make.citizen(), title="Единствено")
    for query in ("category=9999", "category=abc", "stage=nonsense", "sort=random"):
        response = client.get(f"/proposals/?{query}")
        assert response.status_code == 200
    assert titles(client.get("/proposals/?stage=nonsense&sort=random")) == ["Единствено"]


def test_cards_show_category_stage_supports_and_progress(client, make, app):
    app.config["SUPPORT_THRESHOLD"] = 10
    category = make.category(name_bg="Образование", name_en="Education")
    make.proposal(
        make.citizen(),
        title="Wi-Fi in schools",
        language="en",
        support_count=3,
        category_id=category.id,
    )
    page = client.get("/proposals/?lang=en").get_data(as_text=True)
    assert 'lang="en">Wi-Fi in schools</a>' in page
    assert "Education" in page
    assert "Collecting support" in page
    assert "3 supports" in page
    assert "3 of the 10 supports needed" in page
    assert re.search(r'<label for="support-progress-\d+">', page)
    assert re.search(r'<progress id="support-progress-\d+" max="10" value="3">', page)
    assert "Submit a proposal" in page


def test_category_name_follows_the_page_language(client, make):
    category = make.category(name_bg="Околна среда", name_en="Environment")
    make.proposal(make.citizen(), category_id=category.id)
    assert "Околна среда" in client.get("/proposals/?lang=bg").get_data(as_text=True)
    assert "Environment" in client.get("/proposals/?lang=en").get_data(as_text=True)


def _next_link(response) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', response.get_data(as_text=True))
    return html.unescape(found.group(1)) if found else None


def test_pages_of_proposals_walk_the_whole_list_once_even_with_equal_counts(client, make, app):
    app.config["PAGE_SIZE"] = 2
    author = make.citizen()
    for n, supports in enumerate([1, 3, 1, 3, 1]):
        make.proposal(author, title=f"Предложение номер {n}", support_count=supports)

    seen, url = [], "/proposals/?lang=en"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert "5 proposals" in response.get_data(as_text=True)
        seen += titles(response)
        url = _next_link(response)

    # Most supported first; equal counts newest first; nothing twice, nothing left out.
    assert seen == [f"Предложение номер {n}" for n in (3, 1, 4, 2, 0)]
    assert client.get("/proposals/?after=x").status_code == 404


def test_the_next_page_keeps_the_filters(client, make, app):
    app.config["PAGE_SIZE"] = 1
    category = make.category()
    author = make.citizen()
    make.proposal(author, title="Извън категорията")
    for n in range(2):
        make.proposal(author, title=f"В категорията {n}", category_id=category.id)

    first = client.get(f"/proposals/?category={category.id}&sort=newest")
    second = client.get(_next_link(first))

    assert titles(first) == ["В категорията 1"]
    assert titles(second) == ["В категорията 0"]
    assert _next_link(second) is None


def test_empty_states(client, make):
    page = client.get("/proposals/?lang=en").get_data(as_text=True)
    assert "No proposals yet" in page
    make.proposal(make.citizen())
    page = client.get("/proposals/?lang=en&stage=implemented").get_data(as_text=True)
    assert "No proposal matches these filters" in page


def test_listing_loads_categories_without_a_query_per_card(client, make, app):
    author = make.citizen()
    for n in range(6):
        category = make.category()
        make.proposal(author, category_id=category.id, title=f"Предложение {n} с категория")
    with count_statements() as small:
        client.get("/proposals/")
    for n in range(6):
        make.proposal(author, category_id=make.category().id, title=f"Още {n} с категория")
    with count_statements() as large:
        client.get("/proposals/")
    assert large.count == small.count, f"6 proposals: {small}\n12 proposals: {large}"
