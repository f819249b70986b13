"""Forms that htmx fetches when their section opens, filled and sent as a person would.

Under CI's load a pointer click on the button of such a form sometimes sent nothing (a few times
in many runs, never alone; the cause is not known). Typing waits until the form is there and
htmx has settled (a swap still settling replaced a typed-in form once), and the form is sent by
Enter in a text field, which is what a keyboard user does. If nothing is sent even so, the error
says what the page held.
"""

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
FORM_STATE = """(field) => ({
    connected: field.form?.isConnected,
    valid: field.form?.checkValidity(),
    value: field.value,
    htmx: document.querySelectorAll('.htmx-request, .htmx-swapping, .htmx-settling').length,
    url: location.href,
})"""


def wait_for_form(page: Page, field: Locator) -> None:
    """Until `field` can be typed into and htmx has no request, swap or settle under way."""
    expect(field).to_be_editable()
    page.wait_for_function(HTMX_IDLE)


def send_by_enter(page: Page, field: Locator) -> None:
    """Press Enter in `field` and wait for the page the form's post answers with."""
    try:
        with page.expect_navigation():
            field.press("Enter")
    except PlaywrightError as error:
        raise AssertionError(f"the form was not sent: {field.evaluate(FORM_STATE)}") from error
