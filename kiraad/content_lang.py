"""Content in the other language carries `lang` (issue 21, WCAG 3.1.2).

The portal's data is written in Norwegian (the mandate, measures, meetings, requests…), and a few
records say they are English (`language` on articles and register entries, `note_language` on
measures). A screen reader reading the English interface must switch to Norwegian for that text,
and one reading the Norwegian interface to English for an English article. The mark is only
needed where the content's language differs from the page's (`<html lang>`), so it is written
only then: the Norwegian pages stay as they were.

Templates use the tags in `kiraad.templatetags.content_lang`; Python (tables, widgets) uses
`lang_attrs`. Agency and person names are proper names (WCAG 3.1.2 leaves them out) and are not
marked.
"""

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Data without a language of its own is written in the site's language.
DATA_LANGUAGE = settings.LANGUAGE_CODE


def page_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def differs(language: str | None = None) -> str:
    """The content's language when it differs from the page's, else ''."""
    language = (language or DATA_LANGUAGE).split("-")[0]
    return "" if language == page_language() else language


def lang_attrs(language: str | None = None) -> dict[str, str]:
    """`{"lang": "nb"}` for an element holding data in another language than the page's."""
    other = differs(language)
    return {"lang": other} if other else {}


class DataText(str):
    """Text people typed into the portal (in the site's language), as opposed to text the
    portal writes and translates: where a value may be either (a history entry's old and new
    values), the code that builds it says which, and `{% data_lang %}` marks only this kind.
    A recorded reason mixes both and is marked where it is built (kiraad.history.reason_html)."""

    __slots__ = ()
    language = DATA_LANGUAGE


def wrap(text: str, language: str | None = None) -> str:
    """`text` in a `<span lang>` (escaped, safe) when its language differs from the page's; the
    text as it is otherwise."""
    other = differs(language)
    if not other or not text:
        return text
    return format_html('<span lang="{}">{}</span>', other, text)


def interpolate(sentence: str, language: str | None = None, **data: object) -> SafeString:
    """A translated sentence with `%(name)s` placeholders, filled with data in `language` (the
    site's by default), each value in a `<span lang>` where the page is in another language:
    «Follow-up action: <span lang="nb">Lage en side …</span>». For HTML only (never e-mail
    text): everything is escaped."""
    values = {name: wrap(conditional_escape(str(value)), language) for name, value in data.items()}
    return mark_safe(conditional_escape(sentence) % values)  # noqa: S308 (both parts escaped)
