"""Driving pages with the keyboard alone, as someone who cannot use a mouse does, and checking on the way that focus
moves in the order the page is read and is never trapped."""

from playwright.sync_api import Locator, Page, expect

#: Where the focused element is on the page (document coordinates) and whether it is in the main content.
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const name = (e.getAttribute('aria-label') || e.innerText || e.value || e.id || e.tagName).trim().slice(0, 60);
  return {inMain: !!e.closest('main'), top: r.top + scrollY, bottom: r.bottom + scrollY,
          left: r.left + scrollX, right: r.right + scrollX, name: name, html: e.outerHTML.slice(0, 120)};
}"""
#: Tabs that may separate two controls on the longest page a journey crosses; more means focus is lost or trapped.
MOST_TABS = 120
#: Tab stops inside one control: a date field has a stop for each of its day, month and year and one for its picker.
SEGMENTS = 4


def goes_back(before: dict, after: dict) -> bool:
    """Focus moved up and to the left: against the reading order (a next column up and to the right is not)."""
    return after["bottom"] <= before["top"] and after["left"] < before["left"] - 1


def tab_to(page: Page, target: Locator, most: int = MOST_TABS) -> None:
    """Press Tab until `target` has the focus, asserting that within the main content each stop comes after the
    previous one in reading order, and that every Tab moves the focus (a trap keeps it in place or in a loop)."""
    previous, seen, stay = None, [], 0
    for _ in range(most):
        page.keyboard.press("Tab")
        here = page.evaluate(_FOCUSED)
        if here is not None:
            stay = stay + 1 if previous and (here["html"], here["top"]) == (previous["html"], previous["top"]) else 0
            assert stay < SEGMENTS, f"Tab stuck on {here['html']}"
            if previous and previous["inMain"] and here["inMain"]:
                assert not goes_back(previous, here), f"Tab went back up: from {previous['html']} to {here['html']}"
            seen.append(here["name"])
        if target.evaluate("e => e === document.activeElement"):
            return
        previous = here
    raise AssertionError(f"{most} Tabs did not reach {target} (focus trapped or lost); stops: {seen[-15:]}")


def activate(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to `target`, then press `key` on it (Enter follows a link or presses a button; Space ticks a box)."""
    tab_to(page, target)
    page.keyboard.press(key)


def type_into(page: Page, field: Locator, text: str) -> None:
    """Tab to a field and type into it."""
    tab_to(page, field)
    page.keyboard.type(text)


def skip_to_content(page: Page, t) -> None:
    """The first Tab shows the skip link; Enter moves the focus to the main content."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=t("Skip to main content"), exact=True)
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def announced(page: Page, message: str, role: str = "status") -> None:
    """`message` is shown in a live region that screen readers announce (status, or alert for an error)."""
    expect(page.locator("main").get_by_role(role).filter(has_text=message)).to_have_text(message)
