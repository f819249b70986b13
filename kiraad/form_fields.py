"""Free text with a length limit (issue 19): every free-text field of the portal's forms is a
FreeText, so the server refuses what is too long with a clear message, the browser stops
typing at the same limit (`maxlength`), and static/js/portal.js shows a counter under it.

Browsers count a line break as one character in `maxlength` but send it as CRLF; the field
turns CRLF into LF first, so the server counts as the counter does.
"""

from typing import Any

from django import forms

# A description, a note, a reason, an assessment: a few paragraphs.
TEXT = 5_000
# An article's text, a meeting's minutes: a document.
LONG_TEXT = 50_000


class FreeText(forms.CharField):
    """A Textarea with a length limit (TEXT unless told) that counts line breaks once."""

    def __init__(self, *, max_length: int = TEXT, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if text else text
