import re

import pytest
from sqlalchemy import func, select

from app.consultations.models import Comment
from app.extensions import db
from app.moderation.models import ModerationStatus

PENDING = ModerationStatus.PENDING
REJECTED = ModerationStatus.REJECTED


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def comment_ids(page: str) -> list[int]:
    """The comments on a page, in the order shown."""
    return [int(n) for n in re.findall(r'<article class="comment[^"]*" id="comment-(\d+)"', page)]


@pytest.fixture
def second_client(app):
    """Another browser: someone else visiting at the same time."""
    return app.test_client()
