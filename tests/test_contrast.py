"""Every colour pair the stylesheet declares meets WCAG 2.1 AA contrast (1.4.3 text, 1.4.11 focus and field borders).

ovoz.css is read as it is: custom properties resolved, each rule's text colour paired with the background it is
drawn on. A rule that sets only one of the two takes the other from the rule it refines (`.badge-warning` from
`.badge`, `.decision .badge` from `.badge`, `.site-header a` from `.site-header`), else from the page: text on
every surface the stylesheet paints, a background under the page's ink.
"""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.a11y

CSS = Path(__file__).parents[1] / "app" / "static" / "css" / "ovoz.css"
TEXT, UI = 4.5, 3.0
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_VAR = re.compile(r"var\((--[\w-]+)(?:,\s*([^)]+))?\)")
#: Where the markup puts a rule's elements inside another's, which the stylesheet does not say.
INSIDE = {".language-nav": ".site-header"}


def _rules(css: str) -> dict[str, dict[str, str]]:
    """Selector -> its declarations (later ones win), comments and at-rule wrappers dropped."""
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in _RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        declarations = dict(
            (name.strip(), value.strip()) for name, _, value in (d.partition(":") for d in body.split(";")) if value
        )
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


RULES = _rules(CSS.read_text(encoding="utf-8"))
ROOT = {name: value for name, value in RULES[":root"].items() if name.startswith("--")}


def colour(value: str | None) -> str | None:
    """The hex colour a declaration sets (custom properties resolved), or None (none, inherit, an image...)."""
    if value is None:
        return None
    value = _VAR.sub(lambda m: ROOT.get(m.group(1)) or m.group(2) or "", value)
    found = _HEX.search(value)
    if not found:
        return None
    hex_ = found.group(0)[1:].lower()
    return "#" + ("".join(c * 2 for c in hex_) if len(hex_) == 3 else hex_)


def ratio(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two hex colours."""

    def luminance(hex_: str) -> float:
        channels = [int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _refined(selector: str) -> list[str]:
    """The rules a selector refines, nearest first: its base class (`.badge-warning` -> `.badge`), its state
    (`.button:hover` -> `.button`), its last part alone (`.decision .badge` -> `.badge`), then its ancestors
    (`.site-header a` -> `.site-header`)."""
    parts = selector.split(" ")
    base = re.sub(r"(\.[a-z]+)-[a-z-]+", r"\1", selector)
    ancestors = [" ".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]
    found = []
    for candidate in (base, re.sub(r":[a-z-]+$", "", base), parts[-1], *ancestors, INSIDE.get(selector)):
        if candidate != selector and candidate in RULES and candidate not in found:
            found.append(candidate)
    return found


def _own(selector: str, prop: str) -> str | None:
    declarations = RULES[selector]
    return (
        colour(declarations.get(prop))
        if prop == "color"
        else colour(declarations.get("background-color") or declarations.get("background"))
    )


def _inherited(selector: str, prop: str) -> str | None:
    return next((c for c in map(lambda s: _own(s, prop), _refined(selector)) if c), None)


PAPER, INK = colour(RULES["body"]["background"]), colour(RULES["body"]["color"])
#: What text without a background of its own may sit on: the page, and every surface painted under the page's ink.
SURFACES = sorted(
    {PAPER}
    | {
        _own(s, "background")
        for s in RULES
        if _own(s, "background") and not _own(s, "color") and not _inherited(s, "color")
    }
)


def pairs() -> list[tuple[str, str, str]]:
    """(selector, text colour, background) for every rule that sets a text colour or a background."""
    found = []
    for selector in RULES:
        text, ground = _own(selector, "color"), _own(selector, "background")
        if not text and not ground:
            continue
        text = text or _inherited(selector, "color") or INK
        grounds = (
            [ground or _inherited(selector, "background")] if ground or _inherited(selector, "background") else SURFACES
        )
        found += [(selector, text, g) for g in grounds]
    return found


PAIRS = pairs()


def test_the_stylesheet_is_read():
    assert len(RULES) > 50 and ROOT["--ink"] == "#1b1f24"
    assert (".site-header a", "#ffffff", colour("var(--brand)")) in PAIRS  # from its ancestor
    assert (".badge-warning", "#ffffff", "#8a4b00") in PAIRS  # from the rule it refines
    assert {colour("var(--tint)"), "#ffffff"} <= set(SURFACES)
    assert round(ratio("#767676", "#ffffff"), 2) == 4.54 and ratio("#000000", "#ffffff") == 21


@pytest.mark.parametrize(("selector", "text", "background"), PAIRS, ids=[f"{s} {t} on {b}" for s, t, b in PAIRS])
def test_text_contrast(selector, text, background):
    assert ratio(text, background) >= TEXT, f"{selector}: {text} on {background} is {ratio(text, background):.2f}:1"


def test_focus_ring_stands_out_on_every_background():
    """The focus indicator is two rings (an outline and a box-shadow): one of them contrasts 3:1 with any surface."""
    focus = RULES[":focus-visible"]
    rings = [colour(focus["outline"]), colour(focus["box-shadow"])]
    grounds = set(SURFACES) | {b for _, _, b in PAIRS}
    weak = [g for g in grounds if max(ratio(ring, g) for ring in rings) < UI]
    assert not weak, f"the focus rings {rings} do not stand out on {weak}"


def test_field_borders_are_visible():
    """The edge of a text field is what shows where to type (1.4.11): 3:1 against the page."""
    fields = next(s for s in RULES if s.startswith("input[type=text]"))
    for border in (colour(RULES[fields]["border"]), colour(RULES[".field-error input"]["border-color"])):
        assert ratio(border, PAPER) >= UI, border


def test_chart_marks_and_labels_stand_out_on_the_page():
    """The SVG charts are drawn with colour attributes (app/templates/macros.html): bars 3:1, labels 4.5:1."""
    macros = (CSS.parents[2] / "templates" / "macros.html").read_text(encoding="utf-8")
    bars = {colour(c) for c in re.findall(r'<rect [^>]*fill="([^"]+)"', macros)}
    labels = {colour(c) for c in re.findall(r'<text [^>]*fill="([^"]+)"', macros)}
    assert bars and labels
    assert all(ratio(bar, PAPER) >= UI for bar in bars) and all(ratio(label, PAPER) >= TEXT for label in labels)
