"""What a screen reader hears, in each of the seven languages: every control and landmark of the key pages (a
citizen's and an official's) has a name, landmarks of one kind are told apart by their names, and text in another
language than the page says so.

Names are read from Chromium's own accessibility tree (the one screen readers get), not from the markup."""

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
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


def read_pages(page, paths: list[str]) -> tuple[list, int]:
    """Each path in each locale: the problems of its names, and how many controls it has."""
    problems, controls = [], 0
    for locale in LOCALES:
        for path in paths:
            page.goto(f"/{locale}{path}")
            expect(page.locator("html")).to_have_attribute("lang", locale)
            tree = accessibility_tree(page)
            problems += [(locale, path, problem) for problem in problems_of(tree)]
            controls += sum(role in CONTROLS for role, _name in tree)
    return problems, controls


def test_every_control_and_landmark_is_named_in_each_language(app, page, make_user, make_consultation, make_petition):
    consultation, article, _comment = make_consultation()
    with app.test_request_context():
        russian = comments.add(consultation, db.session.merge(make_user()), RUSSIAN_COMMENT, article)
        db.session.commit()
        russian_id = russian.id
    petition = make_petition(language="ru", title=RUSSIAN_PETITION)
    provision = f"/consultations/{consultation.id}/provisions/{article.id}"
    public = ["/", "/consultations", f"/consultations/{consultation.id}", provision, "/petitions"]
    public += [f"/petitions/{petition.id}", "/account", "/accessibility"]
    staff = [f"/review/consultations/{consultation.id}", "/consultations/moderation", "/review/overdue"]

    sign_in_as(page, translator(app, "en"), "en", make_user())
    problems, controls = read_pages(page, public)
    for locale in set(LOCALES) - {"ru"}:
        # Text in another language than the page is marked as such, and only that text: not the page's buttons.
        t = translator(app, locale)
        page.goto(f"/{locale}{provision}")
        comment = page.locator(f"#comment-{russian_id}")
        assert language_of(comment.locator(".message-body")) == "ru"
        assert language_of(comment.get_by_role("button", name=t("Agree"), exact=True)) == locale
        assert language_of(comment.locator("summary", has_text=t("Report to moderators"))) == locale
        page.goto(f"/{locale}/petitions")
        assert language_of(page.get_by_role("link", name=RUSSIAN_PETITION, exact=True)) == "ru"
    # The official's pages: the grouped review of the consultation, the moderation of comments, overdue groups.
    sign_in_as(page, translator(app, "en"), "en", make_user(role=Role.OFFICIAL, agency=consultation.agency))
    staff_problems, staff_controls = read_pages(page, staff)

    pages = len(LOCALES) * (len(public) + len(staff))
    print(f"accessible names: {controls + staff_controls} controls on {pages} pages in {len(LOCALES)} languages")
    assert controls + staff_controls > 20 * pages, "the tree read is the page's, with its links, buttons and fields"
    assert sorted({problem[1:] for problem in problems + staff_problems}) == []
