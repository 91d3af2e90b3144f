"""What a screen reader hears, in each of the seven languages: every control and landmark of the key pages has a
name, landmarks of one kind are told apart by their names, and text in another language than the page says so.

Names are read from Chromium's own accessibility tree (the one screen readers get), not from the markup."""

import pytest
from playwright.sync_api import expect

from app.consultations import comments
from app.extensions import db
from config import LOCALES
from tests.browser.helpers import sign_in_as, translator

pytestmark = [pytest.mark.browser, pytest.mark.a11y]

CONTROLS = {
    "link",
    "button",
    "textbox",
    "searchbox",
    "combobox",
    "listbox",
    "checkbox",
    "radio",
    "spinbutton",
    "slider",
    "switch",
    "tab",
    "menuitem",
    "DisclosureTriangle",  # a <summary>
}
LANDMARKS = {"banner", "navigation", "main", "contentinfo", "search", "complementary", "region", "form"}
#: Landmarks only when named (ARIA): a form or a section without a name is no landmark.
NAMED_ONLY = {"region", "form"}
RUSSIAN_COMMENT = "Статья должна назвать срок, в который ведомство отвечает на каждый комментарий."
RUSSIAN_PETITION = "Бесплатный инсулин для каждого ребёнка с диабетом"


def accessibility_tree(page) -> list[tuple[str, str]]:
    """(role, accessible name) of every node a screen reader is given."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [
        (node["role"]["value"], (node.get("name") or {}).get("value", "").strip())
        for node in nodes
        if not node.get("ignored") and "role" in node
    ]


def problems_of(tree: list[tuple[str, str]]) -> list[str]:
    """Controls without a name, landmarks without one, and landmarks of a kind that share a name."""
    problems = [f"{role} without a name" for role, name in tree if role in CONTROLS and not name]
    for kind in LANDMARKS:
        names = [name for role, name in tree if role == kind and (name or kind not in NAMED_ONLY)]
        if len(names) > 1:
            problems += [f"{kind} without a name" for name in names if not name]
            problems += [f"two {kind}s named {name!r}" for name in set(names) if name and names.count(name) > 1]
    return problems


def language_of(locator) -> str:
    """The language a screen reader reads this element in: its nearest lang attribute."""
    return locator.evaluate("e => e.closest('[lang]').getAttribute('lang')")


def test_a_missing_or_repeated_name_is_caught():
    tree = [("navigation", "Account"), ("navigation", "Account"), ("button", ""), ("region", "A"), ("link", "Go")]
    assert sorted(problems_of(tree)) == ["button without a name", "two navigations named 'Account'"]
    assert problems_of([("main", ""), ("search", "")]) == []  # one of a kind needs no name to be told apart


def test_every_control_and_landmark_is_named_in_each_language(app, page, make_user, make_consultation, make_petition):
    consultation, article, other = make_consultation()
    with app.test_request_context():
        russian = comments.add(consultation, db.session.merge(make_user()), RUSSIAN_COMMENT, article)
        db.session.commit()
        russian_id = russian.id
    petition = make_petition(language="ru", title=RUSSIAN_PETITION)
    citizen = make_user()
    paths = [
        "/",
        "/consultations",
        f"/consultations/{consultation.id}",
        f"/consultations/{consultation.id}/provisions/{article.id}",
        "/petitions",
        f"/petitions/{petition.id}",
        "/account",
        "/accessibility",
    ]
    sign_in_as(page, translator(app, "en"), "en", citizen)
    problems, pages, controls = [], 0, 0
    for locale in LOCALES:
        t = translator(app, locale)
        for path in paths:
            page.goto(f"/{locale}{path}")
            expect(page.locator("html")).to_have_attribute("lang", locale)
            tree = accessibility_tree(page)
            problems += [(locale, path, problem) for problem in problems_of(tree)]
            controls += sum(role in CONTROLS for role, _name in tree)
            pages += 1
        if locale == "ru":
            continue
        # Text in another language than the page is marked as such, and only that text: not the page's buttons.
        page.goto(f"/{locale}/consultations/{consultation.id}/provisions/{article.id}")
        comment = page.locator(f"#comment-{russian_id}")
        assert language_of(comment.locator(".message-body")) == "ru"
        assert language_of(comment.get_by_role("button", name=t("Agree"), exact=True)) == locale
        assert language_of(comment.locator("summary", has_text=t("Report to moderators"))) == locale
        page.goto(f"/{locale}/petitions")
        assert language_of(page.get_by_role("link", name=RUSSIAN_PETITION, exact=True)) == "ru"
    print(f"accessible names: {controls} controls on {pages} pages in {len(LOCALES)} languages")
    assert controls > 20 * pages, "the tree read is the page's, with its links, buttons and fields"
    assert sorted({problem[1:] for problem in problems}) == [], f"{len(problems)} in all"
