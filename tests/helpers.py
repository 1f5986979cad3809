"""Helpers shared by tests of several packages."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event

from app.extensions import db


@dataclass
class Statements:
    """The SQL statements sent to the database inside a `count_statements()` block."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def __str__(self) -> str:
        """All of them, numbered: what an assertion message shows when the count is wrong."""
        lines = [f"{n}. {' '.join(sql.split())}" for n, sql in enumerate(self.statements, 1)]
        return f"{self.count} statements:\n" + "\n".join(lines)


@contextmanager
def count_statements():
    """Record every statement the application's engine runs inside the block.

    A streamed response runs its queries while its body is read: read it inside the block.
    """
    seen = Statements()

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        seen.statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
