"""`flask seed-demo`: fill an empty database with a bilingual picture of Sofia taking part.

Everything is added in one transaction and committed at the end; the demo documents are
written to UPLOAD_FOLDER and removed again if anything fails. A database that already holds
the demo accounts is left alone, and so is one that holds anything else: demo passwords are
public, so demo data never goes into a site people use.
"""

import random
import secrets
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..auth.models import DISTRICTS, Role, Sector, User
from ..auth.passwords import hash_password
from ..auth.services import create_user
from ..consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ConsultationState,
    Document,
    Section,
)
from ..extensions import db
from ..moderation.models import Flag, ModerationStatus, record
from ..proposals.models import Category, Proposal, Stage, Support
from . import demo_data as data
from .timeutil import city_timezone, local_today, utcnow


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Fill an empty database with bilingual demo data (safe to run twice)."""
    if demo_present():
        click.echo("Demo data already present: nothing added.")
        return
    if not database_empty():
        click.echo(
            "The database already holds data that is not demo data. seed-demo only fills an "
            "empty database (demo passwords are public): nothing added."
        )
        return
    loader = DemoLoader()
    try:
        loader.load()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        loader.remove_written_files()
        raise
    click.echo(loader.summary())
    click.echo("")
    click.echo(accounts_table(loader.supporter_count))


def demo_present() -> bool:
    query = select(func.count()).select_from(User).where(User.email.like(f"%@{data.DEMO_DOMAIN}"))
    return bool(db.session.scalar(query))


def database_empty() -> bool:
    for model in (User, Consultation, Proposal, Category):
        if db.session.scalar(select(func.count()).select_from(model)):
            return False
    return True


def accounts_table(supporter_count: int) -> str:
    """The demo accounts with their passwords, as the README lists them."""
    rows = [("E-mail", "Password", "Role", "Sector", "Organisation")]
    for account in data.ACCOUNTS:
        rows.append(
            (
                account.email,
                account.password,
                account.role.value,
                account.sector.value,
                account.organisation or "",
            )
        )
    rows.append(
        (
            f"supporter01 … supporter{supporter_count:02d}@{data.DEMO_DOMAIN}",
            data.PASSWORDS[Role.CITIZEN],
            Role.CITIZEN.value,
            Sector.CITIZEN.value,
            "",
        )
    )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["Demo accounts (the passwords are public: never load demo data into a live site)"]
    for n, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in [*widths, len(row[4])]))
    return "\n".join(lines)


def tiny_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing `lines` (ASCII; the standard Helvetica has no Cyrillic)."""

    def literal(text: str) -> str:
        text = text.encode("ascii", "replace").decode("ascii")
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    ops = ["BT", "/F1 16 Tf", "72 770 Td", f"{literal(lines[0])} Tj", "/F1 11 Tf"]
    for line in lines[1:]:
        ops += ["0 -24 Td", f"{literal(line)} Tj"]
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


class DemoLoader:
    """Builds the demo through the models' own transitions, then backdates what they stamped.

    Rows are added with their relationships and flushed a few times only; the audit rows,
    which need the ids, are written at the end in the order the actions happened.
    """

    def __init__(self):
        self.today = local_today()
        self.now = utcnow()
        self.threshold = max(1, int(current_app.config["SUPPORT_THRESHOLD"]))
        self.upload_dir = Path(current_app.config["UPLOAD_FOLDER"])
        self.rng = random.Random(2026)  # the same demo every time
        self.users: dict[str, User] = {}
        self.categories: dict[str, Category] = {}
        self.consultations: dict[str, Consultation] = {}
        self.comments: dict[str, Comment] = {}
        self.proposals: dict[str, Proposal] = {}
        self.actions: list[tuple] = []
        self.written: list[Path] = []
        self.counts: Counter = Counter()
        self.supporter_count = max(data.MIN_SUPPORTERS, self.threshold + 16)

    # -- time -----------------------------------------------------------------------------
    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, offset: int, hour: int = 10, minute: int = 0) -> datetime:
        """Naive UTC for a local time on the day `offset` days from today (never in future)."""
        local = datetime.combine(self.day(offset), time(hour, minute), tzinfo=city_timezone())
        return self.past(local.astimezone(UTC).replace(tzinfo=None))

    def past(self, moment: datetime) -> datetime:
        return min(moment, self.now - timedelta(minutes=5))

    # -- the whole demo -----------------------------------------------------------------
    def load(self) -> None:
        self.load_accounts()
        self.load_categories()
        for spec in data.CONSULTATIONS:
            self.load_consultation(spec)
        for spec in data.COMMENTS:
            self.load_comment(spec)
        db.session.flush()
        for spec in data.COMMENTS:
            self.add_comment_flags(spec)
        for spec in data.CONSULTATIONS:
            if spec.report is not None:
                self.publish_report(spec)
        for spec in data.PROPOSALS:
            self.load_proposal(spec)
        db.session.flush()
        for spec in data.PROPOSALS:
            if spec.status is ModerationStatus.APPROVED:
                self.add_supports(spec)
                self.add_answers(spec)
                self.add_proposal_flags(spec)
        self.write_audit_trail()
        db.session.flush()

    def summary(self) -> str:
        c = self.counts
        return (
            f"Demo data loaded: {c['users']} accounts, {c['consultations']} consultations "
            f"({c['documents']} documents in {self.upload_dir}), {c['comments']} comments, "
            f"{c['responses']} responses, {c['proposals']} proposals, {c['supports']} supports, "
            f"{c['flags']} flags, {c['audit']} audit entries."
        )

    def audit(self, actor, action, obj, when, reason=None, note=None) -> None:
        """Remember an action; `write_audit_trail` records it once `obj` has an id."""
        self.actions.append((when, actor, action, obj, reason, note))

    def write_audit_trail(self) -> None:
        db.session.flush()
        for when, actor, action, obj, reason, note in sorted(self.actions, key=lambda a: a[0]):
            record(actor, action, obj, reason=reason, note=note).created_at = when
        self.counts["audit"] = len(self.actions)

    def remove_written_files(self) -> None:
        for path in self.written:
            path.unlink(missing_ok=True)

    # -- accounts and categories ----------------------------------------------------------
    def load_accounts(self) -> None:
        for account in data.ACCOUNTS:
            user = create_user(
                email=account.email,
                password=account.password,
                display_name=account.display_name,
                role=account.role,
                sector=account.sector,
                organisation=account.organisation,
                district=account.district,
                locale=account.locale,
            )
            user.created_at = self.at(account.joined, 9)
            user.email_verified_at = user.created_at
            self.users[account.key] = user
        # Supporters share one hash: hashing dozens of times at production cost takes minutes.
        shared_hash = hash_password(data.PASSWORDS[Role.CITIZEN])
        districts = list(DISTRICTS)
        names = data.SUPPORTER_FIRST_NAMES
        for n in range(1, self.supporter_count + 1):
            first = names[(n - 1) % len(names)]
            initial = data.SUPPORTER_INITIALS[(n * 7) % len(data.SUPPORTER_INITIALS)]
            key = f"supporter{n:02d}"
            user = User(
                email=f"{key}@{data.DEMO_DOMAIN}",
                display_name=f"{first} {initial}.",
                password_hash=shared_hash,
                role=Role.CITIZEN,
                sector=Sector.CITIZEN,
                district=self.rng.choice(districts),
                locale="en" if first.isascii() else "bg",
                created_at=self.at(-250 + (n * 35) // self.supporter_count, 8 + n % 12),
            )
            user.email_verified_at = user.created_at
            db.session.add(user)
            self.users[key] = user
        db.session.flush()
        self.counts["users"] = len(self.users)

    def load_categories(self) -> None:
        staff = self.users["staff"]
        for position, (key, name_bg, name_en) in enumerate(data.CATEGORIES):
            category = Category(name_bg=name_bg, name_en=name_en, position=position)
            db.session.add(category)
            self.categories[key] = category
            self.audit(staff, "category.create", category, self.at(-280, 10, position))

    # -- consultations ----------------------------------------------------------------------
    def load_consultation(self, spec: data.DemoConsultation) -> None:
        staff = self.users["staff"]
        consultation = Consultation(
            kind=spec.kind,
            state=ConsultationState.DRAFT,
            title_bg=spec.title_bg,
            title_en=spec.title_en,
            summary_bg=spec.summary_bg,
            summary_en=spec.summary_en,
            body_bg=spec.body_bg,
            body_en=spec.body_en,
            opens_on=self.day(spec.opens),
            closes_on=self.day(spec.closes),
            exceptional_reason_bg=spec.exceptional_reason_bg,
            exceptional_reason_en=spec.exceptional_reason_en,
            created_by_id=staff.id,
            created_at=self.at(spec.created, 9, 30),
        )
        consultation.sections = [
            Section(
                position=position,
                heading_bg=section.heading_bg,
                heading_en=section.heading_en,
                body_bg=section.body_bg,
                body_en=section.body_en,
            )
            for position, section in enumerate(spec.sections)
        ]
        db.session.add(consultation)
        self.audit(staff, "consultation.create", consultation, consultation.created_at)
        self.add_documents(consultation, spec)
        last_change = consultation.created_at
        if spec.published is not None:
            consultation.publish(today=self.day(spec.published))
            consultation.published_at = last_change = self.at(spec.published, 12)
            self.audit(staff, "consultation.publish", consultation, last_change)
        if spec.closed is not None:
            consultation.close(today=self.day(spec.closed))
            consultation.closed_at = last_change = self.at(spec.closed, 9)
            self.audit(staff, "consultation.close", consultation, last_change)
        consultation.updated_at = last_change
        self.consultations[spec.key] = consultation
        self.counts["consultations"] += 1

    def add_documents(self, consultation: Consultation, spec: data.DemoConsultation) -> None:
        staff = self.users["staff"]
        uploaded_at = self.at(spec.created + 1, 11)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        for item in spec.documents:
            content = tiny_pdf(
                [
                    item.pdf_title,
                    "Sofia Municipality - Glas demo data",
                    "This one-page file stands in for the real document.",
                ]
            )
            stored_name = secrets.token_hex(16) + ".pdf"
            path = self.upload_dir / stored_name
            path.write_bytes(content)
            self.written.append(path)
            document = Document(
                kind=item.kind,
                title=item.title,
                original_name=item.filename,
                stored_name=stored_name,
                content_type="application/pdf",
                size_bytes=len(content),
                uploaded_at=uploaded_at,
                uploaded_by_id=staff.id,
            )
            consultation.documents.append(document)
            self.audit(staff, "document.upload", document, uploaded_at, note=document.title)
            self.counts["documents"] += 1

    def publish_report(self, spec: data.DemoConsultation) -> None:
        """closed → report published, refused by the model while a comment is unanswered."""
        staff = self.users["staff"]
        consultation = self.consultations[spec.key]
        unanswered = db.session.scalar(
            select(func.count())
            .select_from(Comment)
            .outerjoin(CommentResponse, CommentResponse.comment_id == Comment.id)
            .where(
                Comment.consultation_id == consultation.id,
                Comment.moderation_status == ModerationStatus.APPROVED,
                CommentResponse.id.is_(None),
            )
        )
        consultation.publish_report(unanswered, today=self.day(spec.report))
        consultation.report_published_at = self.at(spec.report, 12)
        consultation.updated_at = consultation.report_published_at
        self.audit(
            staff, "consultation.publish_report", consultation, consultation.report_published_at
        )

    # -- comments ---------------------------------------------------------------------------
    def load_comment(self, spec: data.DemoComment) -> None:
        moderator, staff = self.users["moderator"], self.users["staff"]
        consultation = self.consultations[spec.consultation]
        parent = self.comments[spec.parent] if spec.parent else None
        if parent is not None:
            section = parent.section
        elif spec.section is not None:
            section = consultation.sections[spec.section]
        else:
            section = None
        created_at = self.at(spec.day, spec.hour, len(spec.body) % 60)
        comment = Comment(
            consultation=consultation,
            section=section,
            parent=parent,
            author_id=self.users[spec.author].id,
            body=spec.body,
            language=spec.language,
            show_name=spec.show_name,
            created_at=created_at,
            moderation_status=ModerationStatus.PENDING,
        )
        db.session.add(comment)
        decided_at = self.past(created_at + timedelta(hours=spec.wait_hours))
        if spec.status is ModerationStatus.REJECTED:
            comment.reject(moderator, spec.reason, spec.note)
            comment.moderated_at = decided_at
            self.audit(moderator, "comment.reject", comment, decided_at, spec.reason, spec.note)
        elif spec.status in (ModerationStatus.APPROVED, ModerationStatus.HIDDEN):
            comment.approve(moderator)
            comment.moderated_at = decided_at
            self.audit(moderator, "comment.approve", comment, decided_at)
        if spec.status is ModerationStatus.HIDDEN:
            hidden_at = self.at(spec.hidden_day, 16)
            comment.hide(moderator, spec.reason, spec.note)
            comment.moderated_at = hidden_at
            self.audit(moderator, "comment.hide", comment, hidden_at, spec.reason, spec.note)
        if spec.response is not None:
            answered_at = self.at(spec.response.day, 15)
            comment.response = CommentResponse(
                decision=spec.response.decision,
                reason_bg=spec.response.reason_bg,
                reason_en=spec.response.reason_en,
                responded_by_id=staff.id,
                created_at=answered_at,
                updated_at=answered_at,
            )
            self.audit(
                staff,
                "comment_response.save",
                comment.response,
                answered_at,
                spec.response.decision,
            )
            self.counts["responses"] += 1
        self.comments[spec.key] = comment
        self.counts["comments"] += 1

    def add_comment_flags(self, spec: data.DemoComment) -> None:
        """Reports by participants; those on hidden content were closed by hiding it."""
        comment = self.comments[spec.key]
        for flag in spec.flags:
            db.session.add(
                Flag(
                    user_id=self.users[flag.user].id,
                    comment_id=comment.id,
                    reason=flag.reason,
                    note=flag.note,
                    created_at=self.at(flag.day, flag.hour),
                    resolved_at=comment.moderated_at if flag.resolved else None,
                )
            )
            self.counts["flags"] += 1

    # -- proposals --------------------------------------------------------------------------
    def load_proposal(self, spec: data.DemoProposal) -> None:
        moderator = self.users["moderator"]
        created_at = self.at(spec.day, 11, len(spec.title) % 60)
        proposal = Proposal(
            author_id=self.users[spec.author].id,
            category=self.categories[spec.category],
            title=spec.title,
            body=spec.body,
            language=spec.language,
            moderation_status=ModerationStatus.PENDING,
            stage=Stage.COLLECTING,
            support_count=0,
            created_at=created_at,
        )
        db.session.add(proposal)
        decided_at = self.past(created_at + timedelta(hours=spec.wait_hours))
        if spec.status is ModerationStatus.REJECTED:
            proposal.reject(moderator, spec.reason, spec.note)
            proposal.moderated_at = decided_at
            self.audit(moderator, "proposal.reject", proposal, decided_at, spec.reason, spec.note)
        elif spec.status is ModerationStatus.APPROVED:
            proposal.approve(moderator)
            proposal.moderated_at = decided_at
            self.audit(moderator, "proposal.approve", proposal, decided_at)
        self.proposals[spec.key] = proposal
        self.counts["proposals"] += 1

    def add_supports(self, spec: data.DemoProposal) -> None:
        """Supports from distinct participants, spread from approval to the first answer."""
        proposal = self.proposals[spec.key]
        if spec.over is not None:
            wanted = self.threshold + spec.over
        else:
            wanted = min(self.threshold - 1, round(self.threshold * spec.share))
        pool = [
            user
            for user in self.users.values()
            if user.role is Role.CITIZEN and user.id != proposal.author_id
        ]
        supporters = self.rng.sample(pool, wanted)
        start = proposal.moderated_at + timedelta(hours=1)
        if spec.answers:
            stop = self.at(spec.answers[0].day, 14) - timedelta(days=1)
        else:
            stop = self.now - timedelta(hours=2)
        step = (stop - start) / (wanted + 1)
        times = [start + step * (i + 1) for i in range(wanted)]
        db.session.add_all(
            Support(proposal_id=proposal.id, user_id=user.id, created_at=when)
            for user, when in zip(supporters, times, strict=True)
        )
        proposal.support_count = wanted
        if wanted >= self.threshold:
            proposal.stage = Stage.THRESHOLD_REACHED
            proposal.threshold_reached_at = times[self.threshold - 1]
        self.counts["supports"] += wanted

    def add_answers(self, spec: data.DemoProposal) -> None:
        staff = self.users["staff"]
        proposal = self.proposals[spec.key]
        for answer in spec.answers:
            answered_at = self.at(answer.day, 14)
            proposal.stage = answer.stage
            proposal.answer_bg = answer.answer_bg
            proposal.answer_en = answer.answer_en
            proposal.answered_at = answered_at
            proposal.first_answered_at = proposal.first_answered_at or answered_at
            proposal.answered_by_id = staff.id
            self.audit(staff, "proposal.answer", proposal, answered_at, answer.stage)

    def add_proposal_flags(self, spec: data.DemoProposal) -> None:
        proposal = self.proposals[spec.key]
        for flag in spec.flags:
            db.session.add(
                Flag(
                    user_id=self.users[flag.user].id,
                    proposal_id=proposal.id,
                    reason=flag.reason,
                    note=flag.note,
                    created_at=self.at(flag.day, flag.hour),
                )
            )
            self.counts["flags"] += 1
