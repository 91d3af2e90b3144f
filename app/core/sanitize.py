"""The one place where user-written text becomes HTML: a Markdown subset, cleaned by bleach."""

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[],
)


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


def render_markdown(text: str | None) -> Markup:
    """Render citizen or official Markdown to HTML that is safe to put in a page."""
    html = _markdown.render(text or "")
    cleaned = _cleaner.clean(html)
    linked = bleach.linkify(cleaned, callbacks=[_nofollow], skip_tags={"pre", "code"}, parse_email=False)
    return Markup(linked)  # noqa: S704 - bleach has just reduced it to the allowlist


def strip_tags(text: str | None) -> str:
    """Plain text without any markup, for previews, feeds and e-mail subjects."""
    return bleach.clean(text or "", tags=set(), strip=True)


def register_templating(app):
    """Template helpers: `|markdown` for user text, `field_attributes` for accessible forms."""
    from app.core.forms import field_attributes

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["field_attributes"] = field_attributes
