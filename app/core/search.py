"""Search that folds case for Cyrillic on SQLite too.

SQLite's lower() and LIKE fold only ASCII, so searchable rows keep a case-folded copy of
their text (`search_text`), and queries are folded the same way in Python.
"""

import unicodedata

# A query of more words than this is cut: each word is one more LIKE over the table.
MAX_WORDS = 8


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def _without_control_characters(text: str) -> str:
    # PostgreSQL refuses a NUL in a string parameter (the request would fail), and no
    # stored text holds control characters worth searching for.
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def like_pattern(query: str) -> str:
    """A LIKE pattern (escape character: backslash) matching `query` anywhere, any case."""
    folded = _without_control_characters(fold(query)).strip()
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def word_patterns(query: str) -> list[str]:
    """One LIKE pattern per distinct word of `query`: a match must contain every word."""
    words = _without_control_characters(fold(query)).split()
    return [like_pattern(word) for word in dict.fromkeys(words)][:MAX_WORDS]


# PostgreSQL answers `LIKE '%word%'` from trigram indexes (pg_trgm) instead of reading every
# row. They exist only there, so they live in the migrations alone, and autogenerate and the
# drift test leave them out of the comparison with the models.
POSTGRES_SEARCH_INDEXES = frozenset({"ix_proposals_search_trgm", "ix_consultations_search_trgm"})


def include_in_schema_comparison(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ARG001
    return not (type_ == "index" and name in POSTGRES_SEARCH_INDEXES)
