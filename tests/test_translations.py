"""Both catalogs are complete, Bulgarian plurals are right, and the compiled files are current."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def _catalog(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def _template_ids():
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_catalog_has_every_message_translated_and_none_fuzzy(lang):
    catalog = _catalog(lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(s.strip() for s in strings):
            missing.append(message.id)
    assert missing == []


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_catalog_covers_every_extracted_message(lang):
    assert _template_ids() <= {m.id for m in _catalog(lang) if m.id}


def test_bulgarian_plural_rule_is_one_and_many():
    catalog = _catalog("bg")
    assert catalog.num_plurals == 2
    assert catalog.plural_expr.replace(" ", "") in {"(n!=1)", "n!=1"}


def _entries(messages):
    def plain(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(m.context, plain(m.id)): plain(m.string) for m in messages if m.id}


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_compiled_catalog_matches_the_source(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = _entries(read_mo(f))
    assert compiled == _entries(_catalog(lang))


def test_a_bulgarian_count_uses_the_right_form(app):
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("bg"):
        one = ngettext("%(num)d day left", "%(num)d days left", 1)
        many = ngettext("%(num)d day left", "%(num)d days left", 5)
        supports = ngettext("%(num)d support", "%(num)d supports", 21)
    assert one == "остава 1 ден"
    assert many == "остават 5 дни"
    # Bulgarian has one form for every n except 1, 21 included (unlike Russian or Serbian)
    assert supports == "21 подкрепи"
