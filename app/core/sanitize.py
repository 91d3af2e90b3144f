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


def markdown_as_text(text: str | None) -> str:
    """Markdown as plain text a person reads in an e-mail: paragraphs apart, one line per list item ("- ", "1. "),
    a link's address after its words, no `**` or other marks."""
    if text and len(text) > MARKDOWN_MAX:
        return text
    writer = _TextWriter()
    for token in _markdown.parse(text or ""):
        writer.take(token)
    return "\n".join(writer.lines).strip("\n")


class _TextWriter:
    """Lines of plain text from Markdown's block tokens, one token at a time."""

    def __init__(self):
        self.lines: list[str] = []
        self.lists: list[list] = []  # per open list: [its next number, or None for bullets]
        self.quote = 0
        self.marker = ""  # of a list item, until its first line

    def take(self, token) -> None:
        kind = token.type
        if kind.endswith("list_open"):
            self.lists.append([int(token.attrGet("start") or 1) if kind == "ordered_list_open" else None])
        elif kind.endswith("list_close"):
            self.lists.pop()
            self.lines += [] if self.lists else [""]
        elif kind == "list_item_open":
            self._item()
        elif kind.startswith("blockquote"):
            self._quote(kind == "blockquote_open")
        elif kind in ("inline", "fence", "code_block"):
            code = "\n".join("    " + line for line in token.content.splitlines())
            self._write(_inline_text(token) if kind == "inline" else code)
        elif kind in ("paragraph_close", "heading_close") and not (self.lists and token.hidden):
            self.lines.append(">" * self.quote)
        elif kind == "hr":
            self.lines += ["----", ""]

    def _quote(self, opens: bool) -> None:
        self.quote += 1 if opens else -1
        if not opens:  # the quote's last separator ends it
            self.lines[-1:] = [">" * self.quote, ""] if self.quote else [""]

    def _item(self) -> None:
        number = self.lists[-1][0]
        self.marker = "- " if number is None else f"{number}. "
        if number is not None:
            self.lists[-1][0] += 1

    def _write(self, words: str) -> None:
        indent = "  " * max(len(self.lists) - 1, 0)
        for number, line in enumerate(words.split("\n")):
            marker = self.marker if number == 0 else " " * len(self.marker)
            self.lines.append("> " * self.quote + indent + marker + line)
        self.marker = ""


def _inline_text(token) -> str:
    """The words of an inline token, line breaks kept, each link followed by its address."""
    parts, href, words_from = [], None, 0
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            href, words_from = child.attrGet("href"), len(parts)
        elif child.type == "link_close" and href:
            words = "".join(parts[words_from:])
            if href.removeprefix("mailto:") not in (words, f"http://{words}", f"https://{words}"):
                parts.append(f" ({href})")
            href = None
    return "".join(parts)


def strip_tags(text: str | None) -> str:
    """Plain text without any markup, for previews, feeds and e-mail subjects."""
    return bleach.clean(text or "", tags=set(), strip=True)


def register_templating(app):
    """Template helpers: `|markdown` for user text, `field_attributes` for accessible forms."""
    from app.core.forms import field_attributes

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["markdown_as_text"] = markdown_as_text
    app.jinja_env.globals["field_attributes"] = field_attributes
