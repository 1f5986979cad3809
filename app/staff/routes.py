"""Staff pages: consultations, their lifecycle, sections, documents, responses and exports.

Every view is thin: check the form, call one service, commit, flash, redirect.
"""

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth.decorators import staff_required
from ..auth.routes import safe_next
from ..consultations.models import (
    Comment,
    Consultation,
    Document,
    DocumentKind,
    Phase,
    ResponseDecision,
    Section,
    TransitionError,
)
from ..core.i18n import current_language, file_language
from ..core.pagination import paginate
from ..extensions import db
from ..moderation.models import ModerationStatus, record
from ..reports import downloads, insights
from . import bp, documents, services
from .forms import (
    CloseForm,
    ConsultationForm,
    DocumentForm,
    ResponseFilterForm,
    ResponseForm,
    SectionForm,
)


def _manage_url(consultation_id: int, anchor: str | None = None) -> str:
    return url_for("staff.consultation_manage", consultation_id=consultation_id, _anchor=anchor)


def _refused(error: TransitionError) -> None:
    flash(str(error.message), "error")


# -- dashboard ----------------------------------------------------------------------------
@bp.route("/")
@staff_required
def dashboard():
    page = paginate(services.dashboard_query())
    counts = services.comment_counts(page.items)
    return render_template(
        "staff/dashboard.html", page=page, counts=counts, empty=services.CommentCounts()
    )


# -- create and edit ------------------------------------------------------------------------
@bp.route("/consultations/new", methods=["GET", "POST"])
@staff_required
def consultation_new():
    form = ConsultationForm()
    if form.validate_on_submit():
        consultation = services.create_consultation(current_user, form.values())
        db.session.commit()
        flash(_("The consultation is saved as a draft."), "success")
        return redirect(_manage_url(consultation.id))
    return render_template("staff/consultation_form.html", form=form, consultation=None)


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@staff_required
def consultation_edit(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    try:
        services.ensure_editable(consultation)
    except TransitionError as error:
        _refused(error)
        return redirect(_manage_url(consultation.id))
    if request.method == "GET":
        form = ConsultationForm(obj=consultation, consultation=consultation)
        form.kind.data = consultation.kind.value
    else:
        form = ConsultationForm(consultation=consultation)
    if form.validate_on_submit():
        services.update_consultation(consultation, current_user, form.values())
        db.session.commit()
        flash(_("The consultation is saved."), "success")
        return redirect(_manage_url(consultation.id))
    return render_template("staff/consultation_form.html", form=form, consultation=consultation)


# -- the management page and the lifecycle ------------------------------------------------
def _render_manage(consultation, close_form=None, section_form=None, document_form=None):
    return render_template(
        "staff/manage.html",
        consultation=consultation,
        phase=consultation.phase,
        counts=services.counts_for(consultation),
        close_form=close_form or CloseForm(formdata=None, prefix="close"),
        section_form=section_form or SectionForm(formdata=None, prefix="section"),
        document_form=document_form or DocumentForm(formdata=None, prefix="document"),
        human_size=documents.human_size,
        Phase=Phase,
    )


@bp.route("/consultations/<int:consultation_id>")
@staff_required
def consultation_manage(consultation_id):
    return _render_manage(db.get_or_404(Consultation, consultation_id))


def _lifecycle(consultation_id: int, step, done_message: str):
    consultation = db.get_or_404(Consultation, consultation_id)
    try:
        step(consultation, current_user)
    except TransitionError as error:
        db.session.rollback()
        _refused(error)
    else:
        db.session.commit()
        flash(done_message, "success")
    return redirect(_manage_url(consultation_id))


@bp.route("/consultations/<int:consultation_id>/publish", methods=["POST"])
@staff_required
def consultation_publish(consultation_id):
    return _lifecycle(consultation_id, services.publish, _("The consultation is published."))


@bp.route("/consultations/<int:consultation_id>/unpublish", methods=["POST"])
@staff_required
def consultation_unpublish(consultation_id):
    return _lifecycle(consultation_id, services.unpublish, _("The consultation is a draft again."))


@bp.route("/consultations/<int:consultation_id>/publish-report", methods=["POST"])
@staff_required
def consultation_publish_report(consultation_id):
    return _lifecycle(
        consultation_id, services.publish_report, _("The consultation report is published.")
    )


@bp.route("/consultations/<int:consultation_id>/close", methods=["POST"])
@staff_required
def consultation_close(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = CloseForm(prefix="close")
    if form.validate_on_submit():
        try:
            services.close(consultation, current_user, form.reason.data)
        except TransitionError as error:
            db.session.rollback()
            form.reason.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The consultation is closed."), "success")
            return redirect(_manage_url(consultation.id))
    return _render_manage(consultation, close_form=form)


# -- sections -----------------------------------------------------------------------------
@bp.route("/consultations/<int:consultation_id>/sections", methods=["POST"])
@staff_required
def section_add(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = SectionForm(prefix="section")
    if form.validate_on_submit():
        section = services.add_section(consultation, current_user, form.values())
        db.session.commit()
        flash(_("The section is added."), "success")
        return redirect(_manage_url(consultation.id, f"section-{section.id}"))
    return _render_manage(consultation, section_form=form)


@bp.route("/sections/<int:section_id>/edit", methods=["GET", "POST"])
@staff_required
def section_edit(section_id):
    section = db.get_or_404(Section, section_id)
    if request.method == "GET":
        form = SectionForm(obj=section, prefix="section")
    else:
        form = SectionForm(prefix="section")
    if form.validate_on_submit():
        services.update_section(section, current_user, form.values())
        db.session.commit()
        flash(_("The section is saved."), "success")
        return redirect(_manage_url(section.consultation_id, f"section-{section.id}"))
    return render_template(
        "staff/section_form.html", form=form, section=section, consultation=section.consultation
    )


@bp.route("/sections/<int:section_id>/delete", methods=["POST"])
@staff_required
def section_delete(section_id):
    section = db.get_or_404(Section, section_id)
    consultation_id = section.consultation_id
    try:
        services.delete_section(section, current_user)
    except TransitionError as error:
        db.session.rollback()
        _refused(error)
    else:
        db.session.commit()
        flash(_("The section is deleted."), "success")
    return redirect(_manage_url(consultation_id, "sections"))


@bp.route("/sections/<int:section_id>/move/<any(up,down):direction>", methods=["POST"])
@staff_required
def section_move(section_id, direction):
    section = db.get_or_404(Section, section_id)
    services.move_section(section, current_user, direction)
    db.session.commit()
    return redirect(_manage_url(section.consultation_id, f"section-{section.id}"))


# -- documents ----------------------------------------------------------------------------
@bp.route("/consultations/<int:consultation_id>/documents", methods=["POST"])
@staff_required
def document_upload(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = DocumentForm(prefix="document")
    if form.validate_on_submit():
        services.add_document(
            consultation,
            current_user,
            DocumentKind(form.kind.data),
            form.title.data,
            form.file.data,
            form.file_type,
            form.size,
        )
        db.session.commit()
        flash(_("The document is uploaded."), "success")
        return redirect(_manage_url(consultation.id, "documents"))
    return _render_manage(consultation, document_form=form)


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@staff_required
def document_delete(document_id):
    document = db.get_or_404(Document, document_id)
    consultation_id = document.consultation_id
    stored_name = services.delete_document(document, current_user)
    db.session.commit()
    documents.remove(stored_name)
    flash(_("The document is deleted."), "success")
    return redirect(_manage_url(consultation_id, "documents"))


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):  # noqa: ARG001
    flash(
        _(
            "The file is too large; the limit is %(limit)s.",
            limit=documents.human_size(current_app.config["MAX_DOCUMENT_BYTES"]),
        ),
        "error",
    )
    consultation_id = (request.view_args or {}).get("consultation_id")
    if consultation_id:
        return redirect(_manage_url(consultation_id, "documents"))
    return redirect(url_for("staff.dashboard"))


# -- responses ----------------------------------------------------------------------------
def _response_form(comment: Comment, next_url: str | None = None) -> ResponseForm:
    """A response form for `comment`, filled from the saved response when one exists."""
    prefix = f"r{comment.id}"
    if request.method == "POST":
        return ResponseForm(prefix=prefix)
    data = {"next": next_url or ""}
    if comment.response is not None:
        data.update(
            decision=comment.response.decision.value,
            reason_bg=comment.response.reason_bg,
            reason_en=comment.response.reason_en,
        )
    return ResponseForm(formdata=None, prefix=prefix, data=data)


@bp.route("/consultations/<int:consultation_id>/responses")
@staff_required
def responses(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    filters = ResponseFilterForm(request.args, sections=consultation.sections)
    page = paginate(services.responses_query(consultation, **filters.cleaned()))
    here = request.full_path.rstrip("?")
    forms = {comment.id: _response_form(comment, here) for comment in page.items}
    unanswered = services.unanswered_count(consultation)
    return render_template(
        "staff/responses.html",
        consultation=consultation,
        filters=filters,
        page=page,
        forms=forms,
        unanswered=unanswered,
        locked=consultation.phase is Phase.REPORT_PUBLISHED,
    )


@bp.route("/comments/<int:comment_id>/response", methods=["GET", "POST"])
@staff_required
def comment_response(comment_id):
    comment = db.get_or_404(Comment, comment_id)
    if comment.moderation_status is not ModerationStatus.APPROVED:
        abort(404)
    consultation = comment.consultation
    workspace = url_for("staff.responses", consultation_id=consultation.id)
    try:
        services.ensure_responses_open(consultation)
    except TransitionError as error:
        _refused(error)
        return redirect(workspace)
    form = _response_form(comment, safe_next(request.args.get("next")))
    if form.validate_on_submit():
        services.save_response(
            comment,
            current_user,
            ResponseDecision(form.decision.data),
            form.reason_bg.data,
            form.reason_en.data,
        )
        db.session.commit()
        flash(_("The response to comment %(id)s is saved.", id=comment.id), "success")
        back = safe_next(form.next.data) or workspace
        return redirect(f"{back}#comment-{comment.id}")
    return render_template(
        "staff/response_form.html", form=form, comment=comment, consultation=consultation
    )


# -- exports and the dashboard --------------------------------------------------------------
@bp.route("/consultations/<int:consultation_id>/export.<any(csv,json,xlsx,docx):fmt>")
@file_language
@staff_required
def export(consultation_id, fmt):
    """The report (published or not) as a file, in `?lang=bg|en` (the page language by default)."""
    consultation = db.get_or_404(Consultation, consultation_id)
    lang = downloads.export_language()
    record(current_user, "consultation.export", consultation, note=fmt)
    db.session.commit()
    return downloads.export_response(consultation, fmt, lang)


@bp.route("/consultations/<int:consultation_id>/dashboard")
@staff_required
def consultation_dashboard(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    stats = insights.consultation_stats(consultation)
    return render_template(
        "staff/consultation_dashboard.html",
        consultation=consultation,
        stats=stats,
        charts=insights.dashboard_charts(stats, current_language()),
    )
