from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.decorators import staff_required, verified_required
from ..core.i18n import current_language
from ..core.pagination import keyset_paginate
from ..extensions import db
from ..moderation.forms import FlagForm
from . import bp, services
from .forms import AnswerForm, CategoryEditForm, CategoryForm, FilterForm, ProposalForm
from .models import Category, Proposal, ProposalError, Stage


def get_visible_proposal(proposal_id: int) -> Proposal:
    """The proposal, or a 404 for anyone who may not see it yet (or any more)."""
    proposal = db.get_or_404(Proposal, proposal_id)
    if not proposal.visible_to(current_user):
        abort(404)
    return proposal


@bp.route("/")
def index():
    categories = services.categories()
    form = FilterForm(categories, formdata=request.args)
    chosen = form.chosen()
    sort = chosen.pop("sort")
    page = keyset_paginate(
        services.listing(**chosen),
        services.listing_keys(sort),
        total=services.listing_total(**chosen),
    )
    return render_template(
        "proposals/index.html",
        form=form,
        page=page,
        categories=categories,
        threshold=services.threshold(),
    )


@bp.route("/<int:proposal_id>")
def detail(proposal_id):
    proposal = get_visible_proposal(proposal_id)
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        supported=services.has_supported(proposal, current_user),
        threshold=services.threshold(),
        flag_form=FlagForm(formdata=None, item_key=f"proposal-{proposal.id}"),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
@verified_required
def new():
    form = ProposalForm(services.categories())
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():
        proposal = services.create_proposal(
            current_user,
            title=form.title.data,
            body=form.body.data,
            language=form.language.data,
            category_id=int(form.category.data) if form.category.data else None,
        )
        db.session.commit()
        flash(_("Your proposal will be published after moderation."), "success")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_template("proposals/new.html", form=form)


def _support_action(proposal_id: int, action, done: str, no_change: str):
    proposal = db.get_or_404(Proposal, proposal_id)
    back = url_for("proposals.detail", proposal_id=proposal_id)
    if not current_user.is_authenticated:
        flash(_("Log in to support proposals. One account, one support."), "info")
        return redirect(url_for("auth.login", next=back))
    if not proposal.visible_to(current_user):
        abort(404)
    try:
        changed = action(proposal, current_user)
    except ProposalError as refusal:
        db.session.rollback()
        flash(str(refusal.message), "error")
        return redirect(back)
    db.session.commit()
    flash(done if changed else no_change, "success" if changed else "info")
    return redirect(back)


@bp.route("/<int:proposal_id>/support", methods=["POST"])
@verified_required
def support(proposal_id):
    return _support_action(
        proposal_id,
        services.support,
        done=_("Thank you: your support is counted."),
        no_change=_("You already support this proposal; each account counts once."),
    )


@bp.route("/<int:proposal_id>/withdraw", methods=["POST"])
def withdraw(proposal_id):
    return _support_action(
        proposal_id,
        services.withdraw,
        done=_("Your support is withdrawn."),
        no_change=_("You were not supporting this proposal."),
    )


@bp.route("/<int:proposal_id>/answer", methods=["GET", "POST"])
@staff_required
def answer(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    form = AnswerForm(obj=proposal)
    if request.method == "GET" and proposal.stage in (Stage.COLLECTING, Stage.THRESHOLD_REACHED):
        form.stage.data = Stage.UNDER_REVIEW.value
    elif request.method == "GET":
        form.stage.data = proposal.stage.value
    if form.validate_on_submit():
        try:
            services.answer(
                proposal,
                current_user,
                Stage(form.stage.data),
                answer_bg=form.answer_bg.data,
                answer_en=form.answer_en.data,
            )
        except ProposalError as refusal:
            db.session.rollback()
            flash(str(refusal.message), "error")
        else:
            db.session.commit()
            flash(_("The answer is published."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_template("proposals/answer.html", proposal=proposal, form=form)


def _categories_page(add_form=None, edit_forms=None):
    categories = services.categories()
    forms = {}
    for category in categories:
        if edit_forms and category.id in edit_forms:
            forms[category.id] = edit_forms[category.id]
        else:
            forms[category.id] = CategoryEditForm(
                obj=category, prefix=f"category-{category.id}", formdata=None
            )
    return render_template(
        "proposals/categories.html",
        categories=categories,
        edit_forms=forms,
        add_form=add_form or CategoryForm(formdata=None, prefix="new"),
        usage=services.category_usage(),
    )


@bp.route("/categories", methods=["GET", "POST"])
@staff_required
def categories():
    form = CategoryForm(prefix="new")
    if form.validate_on_submit():
        services.add_category(current_user, form.name_bg.data, form.name_en.data)
        db.session.commit()
        flash(_("The category is added."), "success")
        return redirect(url_for("proposals.categories"))
    return _categories_page(add_form=form)


@bp.route("/categories/<int:category_id>", methods=["POST"])
@staff_required
def category_edit(category_id):
    category = db.get_or_404(Category, category_id)
    form = CategoryEditForm(prefix=f"category-{category.id}")
    if form.validate_on_submit():
        services.update_category(
            current_user, category, form.name_bg.data, form.name_en.data, form.position.data
        )
        db.session.commit()
        flash(_("The category is saved."), "success")
        return redirect(url_for("proposals.categories"))
    return _categories_page(edit_forms={category.id: form})


@bp.route("/categories/<int:category_id>/delete", methods=["POST"])
@staff_required
def category_delete(category_id):
    category = db.get_or_404(Category, category_id)
    services.delete_category(current_user, category)
    db.session.commit()
    flash(_("The category is deleted. Its proposals stay, without a category."), "success")
    return redirect(url_for("proposals.categories"))
