"""Turning stored text into safe HTML.

Citizens write plain text: paragraphs and line breaks are kept, bare URLs become links that
search engines are told not to follow, everything else is escaped. Staff write Markdown,
rendered by markdown-it-py and cleaned by nh3 against an allowlist.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\r?\n\s*\r?\n")
_LINK_REL = "nofollow ugc noopener"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def _linkify(escaped: str) -> str:
    def link(match: re.Match) -> str:
        url = match.group(0)
        return f'<a href="{url}" rel="{_LINK_REL}">{url}</a>'

    return _URL.sub(link, escaped)


def plain_text_html(text: str | None) -> Markup:
    """Citizen text as HTML: escaped, paragraphs kept, URLs linked."""
    if not text:
        return Markup("")
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
    html = []
    for paragraph in paragraphs:
        body = _linkify(str(escape(paragraph))).replace("\r\n", "\n").replace("\n", "<br>\n")
        html.append(f"<p>{body}</p>")
    return Markup("\n".join(html))  # noqa: S704 (each paragraph was escaped above)


def markdown_html(text: str | None) -> Markup:
    """Staff Markdown as HTML, cleaned against an allowlist."""
    if not text:
        return Markup("")
    rendered = _markdown.render(text)
    cleaned = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
    return Markup(cleaned)  # noqa: S704 (cleaned by nh3 against an allowlist)
