"""Keyboard-only navigation for the browser journeys: Tab until focus is where we want it."""


def tab_until(page, predicate: str, what: str, limit: int = 80) -> None:
    """Press Tab until `predicate(document.activeElement)` holds, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => !!el && ({predicate}))(document.activeElement)"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {what}"
            return
    raise AssertionError(f"{what} was not reached by Tab")


def tab_to(page, element_id: str) -> None:
    tab_until(page, f"el.id === '{element_id}'", f"#{element_id}")


def tab_to_submit(page) -> None:
    tab_until(page, "el.type === 'submit' && !!el.closest('main')", "the submit button")
