#!/usr/bin/env python3
"""Catalog chores that pybabel does not do.

python scripts/i18n.py fill-en                  English catalog: msgstr = msgid
python scripts/i18n.py apply-bg FILE.json       Bulgarian: apply {msgid: text | [one, many]}
python scripts/i18n.py missing-bg               list Bulgarian entries still untranslated
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def _path(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"


def _load(lang: str):
    with _path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def _save(lang: str, catalog) -> None:
    with _path(lang).open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True, no_location=True)


def _key(message) -> str:
    """The JSON key of a message: its (singular) msgid, prefixed by `context::` if it has one."""
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}::{msgid}" if message.context else msgid


def fill_en() -> None:
    catalog = _load("en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    _save("en", catalog)


def apply_bg(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    catalog = _load("bg")
    for message in catalog:
        if not message.id:
            continue
        key = _key(message)
        if key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    _save("bg", catalog)


def missing_bg() -> list[str]:
    missing = []
    for message in _load("bg"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or "fuzzy" in message.flags:
            missing.append(_key(message))
    return missing


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "fill-en":
        fill_en()
    elif command == "apply-bg":
        apply_bg(sys.argv[2])
    elif command == "missing-bg":
        print(json.dumps({m: "" for m in missing_bg()}, ensure_ascii=False, indent=1))
    else:
        print(__doc__)
        sys.exit(2)
