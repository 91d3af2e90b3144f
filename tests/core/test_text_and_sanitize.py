"""Text normalisation and the one sanitizer."""

import re

import pytest

from app.core.sanitize import MARKDOWN_MAX, markdown_as_text, render_markdown, strip_tags
from app.core.text import MalformedText, is_blank, normalize_line, normalize_multiline


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Ali   Valiev ", "Ali Valiev"),
        ("Cafe\u0301", "Café"),  # NFC
        ("a\u200bb\u2060c\ufeff", "abc"),
        ("\u202eevil\u202c name", "evil name"),  # bidi override ("Trojan source") removed
        ("Салом 👋🏽 مرحبا", "Салом 👋🏽 مرحبا"),  # scripts, emoji and RTL letters are kept
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # ZWJ inside an emoji sequence is kept
        ("tab\there\x00", "tab here"),
        ("title\uffff\ufffe\ufdd0 end", "title end"),  # noncharacters: never text, and no feed can hold them
    ],
)
def test_normalize_line(raw, clean):
    assert normalize_line(raw) == clean


def test_normalize_multiline_keeps_paragraphs():
    assert normalize_multiline("One\r\n\r\n\r\n\r\nTwo  words\rThree") == "One\n\nTwo words\nThree"


def test_malformed_input_is_refused_not_guessed():
    with pytest.raises(MalformedText):
        normalize_line("abc\ufffd")
    with pytest.raises(MalformedText):
        normalize_multiline("abc\ufffd")


def test_blank_means_nothing_visible():
    assert is_blank(" \u200b\u200d\n") and not is_blank(" a ")


def test_markdown_is_rendered_and_cleaned():
    html = str(render_markdown("**bold** <script>alert(1)</script> [x](javascript:alert(1)) https://example.org"))
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and 'href="javascript:' not in html
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in html


def test_bare_addresses_become_links_marked_as_the_writers_and_e_mails_do_not():
    html = str(render_markdown("see www.example.org, write to someone@example.org, `https://in.code`"))
    assert '<a href="http://www.example.org" rel="nofollow ugc noopener">www.example.org</a>' in html
    assert "mailto:" not in html and "<code>https://in.code</code>" in html


def test_markdown_reads_as_plain_text_in_an_email():
    written = (
        "The fee is capped at **100 somoni**.\n\nWhat changes:\n- cash for *six months*;\n- terminals paid by the "
        "market.\n\n3. First\n4. Second\n\n> Quoted\n\nSee [the rules](https://example.gov/r) or https://a.example/b."
    )
    assert markdown_as_text(written) == (
        "The fee is capped at 100 somoni.\n\nWhat changes:\n\n- cash for six months;\n- terminals paid by the "
        "market.\n\n3. First\n4. Second\n\n> Quoted\n\nSee the rules (https://example.gov/r) or https://a.example/b."
    )
    assert markdown_as_text("- a\n  - inner\n- b") == "- a\n  - inner\n- b"
    assert markdown_as_text("") == ""


def test_markdown_past_the_longest_field_is_shown_as_plain_text():
    long = "**not bold** <b>x</b> " + "(" * MARKDOWN_MAX
    html = str(render_markdown(long))
    assert html.startswith("<p>**not bold** &lt;b&gt;x&lt;/b&gt;") and "<strong>" not in html


def test_markdown_drops_images_raw_html_and_big_headings():
    html = str(
        render_markdown('# Title\n\n![a](http://x/y.png)\n\n<img src=x onerror=alert(1)>\n\n<b onclick="x">b</b>')
    )
    tags = re.findall(r"<[^>]+>", html)
    assert not [t for t in tags if t.startswith(("<h1", "<img")) or "on" in t.split()[1:2]]
    assert not [t for t in tags if "onerror" in t or "onclick" in t]


def test_strip_tags():
    assert strip_tags("<b>Hi</b> <script>x</script>") == "Hi x"
