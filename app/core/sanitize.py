"""The one place where user-written text becomes HTML: a Markdown subset, cleaned by bleach."""

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Bare addresses become links in the Markdown parser (linkify-it: linear time; bleach.linkify took 9 s on 20,000
# "(" in a row), and every link, written or found, is marked as the writer's, not ours.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable("linkify").disable("image")
_markdown.linkify.set({"fuzzy_email": False})


def _nofollow(state) -> None:
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("rel", "nofollow ugc noopener")


_markdown.core.ruler.push("nofollow", _nofollow)
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[],
)


#: The longest text rendered as Markdown: every field that takes Markdown holds at most this much (an answer, a
#: response). Anything longer (a text stored before its field had a limit) is shown as plain text: the cost of
#: rendering grows faster than the length on crafted input.
MARKDOWN_MAX = 20_000


def render_markdown(text: str | None) -> Markup:
    """Render citizen or official Markdown to HTML that is safe to put in a page."""
    if text and len(text) > MARKDOWN_MAX:
        return Markup("<p>") + escape(text) + Markup("</p>")
    return Markup(_cleaner.clean(_markdown.render(text or "")))  # noqa: S704 - bleach reduced it to the allowlist


def strip_tags(text: str | None) -> str:
    """Plain text without any markup, for previews, feeds and e-mail subjects."""
    return bleach.clean(text or "", tags=set(), strip=True)


def register_templating(app):
    """Template helpers: `|markdown` for user text, `field_attributes` for accessible forms."""
    from app.core.forms import field_attributes

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["field_attributes"] = field_attributes
