"""Search folds case for Cyrillic on every database and shows only what is public."""

import pytest

from app.core.search import fold, like_pattern
from app.moderation.models import ModerationStatus


def results(client, query):
    response = client.get("/search", query_string={"q": query, "lang": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["софия", "СОФИЯ", "София", "  дигитална СоФиЯ  ", "Digital"])
def test_cyrillic_and_latin_queries_find_a_consultation_in_any_case(client, make, query):
    make.consultation(title_bg="Дигитална София", title_en="Digital Sofia")
    make.consultation(title_bg="Зелен Пловдив", title_en="Green Plovdiv")
    page = results(client, query)
    assert "1 result for" in page
    assert "Digital Sofia" in page  # the title, shown in the page language
    assert "Green Plovdiv" not in page


def test_english_words_in_the_summary_are_found(client, make):
    make.consultation(title_bg="Стратегия", title_en="Strategy", summary_en="Broadband for SCHOOLS")
    assert "Strategy" in results(client, "schools")
    assert "Nothing matches" in results(client, "hospitals")


def test_proposals_are_found_by_title_and_body(client, make):
    author = make.citizen()
    make.proposal(author, title="Пейки в Южния парк", body="Повече сянка и ПЕЙКИ за възрастните.")
    page = results(client, "южния")
    assert "Пейки в Южния парк" in page
    assert "Пейки в Южния парк" in results(client, "възрастните")


def test_drafts_and_unpublished_proposals_are_never_found(client, make, login):
    make.consultation(phase="draft", title_bg="Тайна чернова софия", title_en="Secret draft")
    author = make.citizen()
    for status in (ModerationStatus.PENDING, ModerationStatus.REJECTED, ModerationStatus.HIDDEN):
        make.proposal(author, status=status, title=f"Скрито софия {status.value}")
    make.proposal(author, title="Видимо софия")
    page = results(client, "софия")
    assert "Видимо софия" in page
    assert "Secret draft" not in page
    assert "чернова" not in page
    assert "Скрито" not in page
    # Not even for the author or staff: search is the public index.
    login(author)
    assert "Скрито" not in results(client, "софия")


def test_like_wildcards_in_the_query_are_taken_literally(client, make):
    author = make.citizen()
    make.proposal(author, title="Намаление със 100% за деца")
    make.proposal(author, title="Намаление със 1000 лева")
    make.proposal(author, title="Поле snake_case в API")
    make.proposal(author, title="Поле snakeXcase в API")
    make.proposal(author, title="Обратна наклонена черта \\ в пътя")

    page = results(client, "100%")
    assert "100% за деца" in page
    assert "1000 лева" not in page

    page = results(client, "%")
    assert "1 result for" in page
    assert "100% за деца" in page
    assert "Nothing matches" in results(client, "1%0")

    page = results(client, "snake_case")
    assert "snake_case" in page
    assert "snakeXcase" not in page
    page = results(client, "_")
    assert "1 result for" in page
    assert "snake_case" in page

    assert "наклонена черта" in results(client, "\\")
    assert "Nothing matches" in results(client, "\\%")


def test_empty_query_shows_the_prompt_not_everything(client, make):
    make.consultation(title_bg="Дигитална София")
    page = results(client, "   ")
    assert "Type a word to search" in page
    assert "Дигитална София" not in page


def test_fold_and_pattern():
    assert fold("СОФИЯ") == fold("софия") == "софия"
    assert fold("Straße") == fold("STRASSE")
    assert like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"


def test_every_word_must_match_in_any_order(client, make):
    make.consultation(title_bg="Дигитална София", title_en="Digital Sofia")
    make.consultation(title_bg="Дигитален Пловдив", title_en="Digital Plovdiv")
    page = results(client, "софия ДИГИТАЛНА")
    assert "Digital Sofia" in page
    assert "Digital Plovdiv" not in page
    assert "2 results for" in results(client, "digital")
    assert "Nothing matches" in results(client, "дигитална варна")


def test_control_characters_in_the_query_do_not_break_the_page(client, make):
    make.consultation(title_bg="Дигитална София", title_en="Digital Sofia")
    assert "Nothing matches" in results(client, "\x00")
    assert "Digital Sofia" in results(client, "софия\x00")
    assert "Digital Sofia" in results(client, "дигитална\tсофия")
