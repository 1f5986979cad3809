import re
from datetime import timedelta

import pytest

from app.core.timeutil import utcnow
from app.extensions import db
from app.moderation.models import Flag, ModerationStatus, ReasonCode

PENDING = ModerationStatus.PENDING


@pytest.fixture
def report():
    """`report(item, user, reason)` adds an open flag on a comment or proposal."""

    def _report(item, user, reason=ReasonCode.OFFENSIVE, note=None):
        flag = Flag(user_id=user.id, reason=reason, note=note)
        if item.__tablename__ == "comments":
            flag.comment_id = item.id
        else:
            flag.proposal_id = item.id
        db.session.add(flag)
        db.session.commit()
        return flag

    return _report


def ago(**kwargs):
    return utcnow() - timedelta(**kwargs)


def anchors(page: str) -> list[str]:
    """The queue items on a page, in order: ["comment-3", "proposal-1", ...]."""
    return re.findall(r'id="((?:comment|proposal)-\d+)"', page)


def badge(page: str) -> int:
    match = re.search(r'<span class="badge" title="[^"]*">(\d+)</span>', page)
    assert match, "no moderation badge in the navigation"
    return int(match.group(1))
