"""Search that folds case for Cyrillic on SQLite too.

SQLite's lower() and LIKE fold only ASCII, so searchable rows keep a case-folded copy of
their text (`search_text`), and queries are folded the same way in Python.
"""

import unicodedata


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def like_pattern(query: str) -> str:
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
