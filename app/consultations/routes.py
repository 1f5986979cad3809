from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..auth.decorators import verified_required
from ..core.pagination import keyset_paginate, paginate
from ..core.timeutil import local_today
from ..extensions import db
from ..moderation.models import ReasonCode
from . import bp, services
from .forms import CommentForm
from .models import Consultation, ConsultationState, Document, Section


def _viewer_is_staff() -> bool:
    return current_user.is_authenticated and current_user.is_staff


def load_consultation(consultation_id: int) -> Consultation:
    """A consultation the current visitor may see: drafts exist only for staff."""
    consultation = db.get_or_404(
        Consultation,
        consultation_id,
        options=[selectinload(Consultation.sections), selectinload(Consultation.documents)],
    )
    if consultation.state is ConsultationState.DRAFT and not _viewer_is_staff():
        abort(404)
    return consultation


@bp.route("/")
def index():
    tab = request.args.get("tab", services.DEFAULT_TAB)
    if tab not in services.TABS:
        tab = services.DEFAULT_TAB
    today = local_today()
    pagination = paginate(services.consultations_in_tab(tab, today))
    return render_template(
        "consultations/index.html",
        tab=tab,
        tabs=services.TABS,
        counts=services.tab_counts(today),
        pagination=pagination,
        comment_counts=services.approved_comment_counts(pagination.items),
        today=today,
    )


def _section_filter(consultation: Consultation):
    """The `section` argument: None (all comments), "general", or a Section of this one."""
    wanted = request.args.get("section")
    if not wanted:
        return None
    if wanted == "general":
        return "general"
    for section in consultation.sections:
        if str(section.id) == wanted:
            return section
    abort(404)


def render_detail(consultation: Consultation, form: CommentForm | None = None, refusal=None):
    """The consultation page; `form` is a submitted comment form to show again as typed."""
    today = local_today()
    section_filter = _section_filter(consultation)
    pagination = keyset_paginate(
        services.top_level_comments(consultation, current_user, section_filter),
        services.THREAD_KEYS,
        per_page=services.comments_per_page(),
    )
    top_ids = [c.id for c in pagination.items]
    replies = services.replies_to(top_ids, current_user)
    shown_ids = top_ids + [r.id for thread in replies.values() for r in thread]

    if isinstance(section_filter, Section):
        active_filter = str(section_filter.id)
    else:
        active_filter = section_filter or ""

    # A failed reply is shown again under its comment; anything else in the main form.
    reply_form, main_form = None, form
    if form is not None and form.parent is not None and form.parent.id in top_ids:
        reply_form, main_form = form, None
    if main_form is None:
        main_form = CommentForm(formdata=None, consultation=consultation)
        if isinstance(section_filter, Section):
            main_form.section_id.data = active_filter
    elif main_form.parent_id.errors:
        main_form.parent_id.data = ""  # send it again as a new comment, not a broken reply
    counts = services.section_comment_counts(consultation)
    return render_template(
        "consultations/detail.html",
        consultation=consultation,
        phase=consultation.phase_on(today),
        today=today,
        section_counts=counts,
        total_comments=consultation.comment_count,
        section_filter=section_filter,
        pagination=pagination,
        replies=replies,
        flagged=services.flagged_by(current_user, shown_ids),
        sections_by_id={s.id: s for s in consultation.sections},
        active_filter=active_filter,
        comment_action=url_for(
            ".comment",
            consultation_id=consultation.id,
            after=request.args.get("after"),
            before=request.args.get("before"),
            section=active_filter or None,
        ),
        form=main_form,
        reply_form=reply_form,
        refusal=refusal,
        flag_reasons=list(ReasonCode),
        language_choices=main_form.language.choices,
    )


@bp.route("/<int:consultation_id>")
def detail(consultation_id):
    return render_detail(load_consultation(consultation_id))


@bp.route("/<int:consultation_id>/comments", methods=["POST"])
@verified_required
def comment(consultation_id):
    consultation = load_consultation(consultation_id)
    if not current_user.is_authenticated:
        flash(_("Log in to comment on a consultation."), "info")
        back = url_for(".detail", consultation_id=consultation.id, _anchor="comment-form")
        return redirect(url_for("auth.login", next=back))
    form = CommentForm(consultation=consultation)
    try:
        services.ensure_accepting_comments(consultation)
    except services.CommentingClosed as error:
        return render_detail(consultation, form, refusal=error.message), 409
    if not form.validate_on_submit():
        return render_detail(consultation, form), 400 if form.has_target_errors else 200
    try:
        new = services.post_comment(
            consultation,
            current_user,
            form.body.data,
            form.language.data,
            section=form.section,
            parent=form.parent,
            show_name=form.show_name.data,
        )
    except services.CommentingClosed as error:
        return render_detail(consultation, form, refusal=error.message), 409
    except services.CommentRefused as error:
        return render_detail(consultation, form, refusal=error.message), 400
    db.session.commit()
    if new.is_published:  # a post-moderated consultation publishes at once
        flash(_("Thank you. Your comment is published."), "success")
    else:
        flash(_("Thank you. Your comment will be published after moderation."), "success")
    return redirect(
        url_for(
            ".detail",
            consultation_id=consultation.id,
            before=services.cursor_ending_with(new, current_user),
            _anchor=f"comment-{new.id}",
        )
    )


@bp.route("/<int:consultation_id>/documents/<int:document_id>")
def document(consultation_id, document_id):
    consultation = load_consultation(consultation_id)
    doc = db.get_or_404(Document, document_id)
    if doc.consultation_id != consultation.id:
        abort(404)
    response = send_from_directory(
        current_app.config["UPLOAD_FOLDER"],
        doc.stored_name,
        as_attachment=True,
        download_name=doc.original_name,
        mimetype=doc.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
