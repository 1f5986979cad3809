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


def queue_page(client, query="") -> str:
    return client.get(f"/moderation/?lang=en{'&' + query if query else ''}").get_data(as_text=True)


def tab_count(page: str, label: str) -> int:
    """The number on a tab of the queue, by its English label."""
    match = re.search(re.escape(label) + r' <span class="badge">(\d+)</span>', page)
    assert match, f"no tab {label!r}"
    return int(match.group(1))


def flashes(page: str) -> list[str]:
    return re.findall(r'<p class="flash flash-\w+">([^<]*)</p>', page)


@pytest.fixture
def suspend():
    """`suspend(user, moderator, days=7)` adds a suspension in force for `days` more days."""
    from app.moderation.models import Suspension

    def _suspend(user, moderator, days=7, reason="Обиди към други участници", **kwargs):
        suspension = Suspension(
            user_id=user.id,
            reason=reason,
            starts_at=kwargs.pop("starts_at", ago(hours=1)),
            ends_at=kwargs.pop("ends_at", utcnow() + timedelta(days=days)),
            created_by_id=moderator.id,
            **kwargs,
        )
        db.session.add(suspension)
        db.session.commit()
        return suspension

    return _suspend
