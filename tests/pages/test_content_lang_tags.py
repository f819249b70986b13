"""The tags that mark content in the other language (kiraad.content_lang): a mark only where the
content's language differs from the page's."""

from django.template import Context, Template
from django.utils import translation

from kiraad.content_lang import DataText, interpolate

TEMPLATE = Template(
    "{% load content_lang %}<p{% content_lang %}>x</p><p{% content_lang lang %}>y</p>"
    "{{ title|lang_wrap }}|<td{% data_lang typed %}></td><td{% data_lang written %}></td>"
)


def _render(language: str) -> str:
    with translation.override(language):
        return TEMPLATE.render(
            Context(
                {
                    "lang": "en",
                    "title": "Råd & <tiltak>",
                    "typed": DataText("Fordi"),
                    "written": "status update",
                }
            )
        )


def test_norwegian_data_is_marked_on_the_english_page_only():
    assert _render("en") == (
        '<p lang="nb">x</p><p>y</p><span lang="nb">Råd &amp; &lt;tiltak&gt;</span>|'
        '<td lang="nb"></td><td></td>'
    )
    assert _render("nb") == '<p>x</p><p lang="en">y</p>Råd &amp; &lt;tiltak&gt;|<td></td><td></td>'


def test_a_translated_sentence_marks_only_the_data_in_it():
    with translation.override("en"):
        text = interpolate("Follow-up action: %(title)s", title="Lage <side>")
    assert text == 'Follow-up action: <span lang="nb">Lage &lt;side&gt;</span>'
    with translation.override("nb"):
        assert interpolate("Oppfølging: %(title)s", title="Lage") == "Oppfølging: Lage"


def test_pages_write_dates_unambiguously_in_english():
    """Issue 21: never the US order («05/12/2027») nor the Norwegian «12. May» in English."""
    import datetime

    when = datetime.date(2027, 5, 12)
    page = Template(
        '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|'
        '{{ d|date:"MONTH_DAY_FORMAT" }}'
    )
    with translation.override("en"):
        assert page.render(Context({"d": when})) == "12 May 2027|2027-05-12|12 May"
    with translation.override("nb"):
        assert page.render(Context({"d": when})) == "12. mai 2027|12.05.2027|12. mai"
