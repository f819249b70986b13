"""A text area shows how much of its limit is used while typing, and stops at the limit the
server enforces (issue 19)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_question_field_counts_what_is_typed(page, live_server):
    page.goto(f"{live_server.url}/guidance/ask/")
    question = page.locator("#id_question")
    limit = int(question.get_attribute("maxlength"))
    counter = page.locator("#id_question + .portal-counter")
    expect(counter).to_have_text(f"0 av {limit} tegn")
    question.fill("Er journalroboten\nmedisinsk utstyr?")
    expect(counter).to_have_text(f"35 av {limit} tegn")
    question.fill("x" * (limit + 50))
    assert len(question.input_value()) == limit
    expect(counter).to_have_text(f"{limit} av {limit} tegn")
    expect(counter).to_have_attribute("aria-live", "polite")
