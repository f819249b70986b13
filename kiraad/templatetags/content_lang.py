"""Mark content in the other language (kiraad.content_lang).

<td{% content_lang %}>{{ measure.title }}</td>      lang="nb" on the English pages only
<h1{% content_lang article.language %}>…</h1>       lang="en" on the Norwegian pages only
{% content_lang as nb %} … <td{{ nb }}>             once per template, inside a loop
{{ item.title|lang_wrap }}                          <span lang="nb">…</span> where no element
                                                    of its own holds the text
<span{% data_lang old %}>                           lang="nb" only if the value is DataText
<span{% data_lang old entry.language %}>            … DataText in the record's language
"""

from django import template
from django.forms.models import ModelChoiceIteratorValue
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from kiraad import content_lang as lang

register = template.Library()


@register.simple_tag
def content_lang(language: str | None = None) -> SafeString:
    """` lang="…"` (with its leading space) inside a start tag, or nothing."""
    other = lang.differs(language)
    return format_html(' lang="{}"', other) if other else mark_safe("")


@register.simple_tag
def data_lang(value: object, language: str | None = None) -> SafeString:
    """` lang="…"` when `value` is text people typed (DataText) or a form choice drawn from the
    database (its label is a row's name: a body, a regulatory area, a measure), in another
    language than the page's; nothing for text the portal writes itself (translated choices,
    dates, the empty choice). `language` is the typed text's where the record says it (a
    register entry's `language`); the site's otherwise."""
    if isinstance(value, lang.DataText):
        return content_lang(language or value.language)
    if isinstance(value, ModelChoiceIteratorValue):
        # Only a language the row already holds: a choice list may load names alone (.only()).
        loaded = getattr(getattr(value, "instance", None), "__dict__", {})
        return content_lang(loaded.get("language"))
    return mark_safe("")


@register.filter(needs_autoescape=True)
def lang_wrap(value: object, language: str | None = None, autoescape: bool = True) -> object:
    """The value in a `<span lang>` when its language differs from the page's."""
    if value in (None, "") or not lang.differs(language):
        return value
    # With autoescape off the template has said the value is safe as it is.
    text = conditional_escape(str(value)) if autoescape else mark_safe(str(value))  # noqa: S308
    return lang.wrap(text, language)
