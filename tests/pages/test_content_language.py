"""Text in the other language carries `lang` (issue 21): articles and register entries record
the language they are written in, and the pages mark their text with it."""

from guidance.models import Article
from tests.guidance.factories import ArticleFactory
from tests.network.factories import DeploymentFactory


def test_an_article_written_in_english_is_marked_english_on_the_norwegian_page(
    client, cast, agencies
):
    client.force_login(cast["secretariat"])
    answer = client.post(
        "/guidance/articles/new/",
        {
            "slug": "ai-act-in-brief",
            "title": "The AI Act in brief",
            "summary": "What the regulation asks of those who deploy high-risk systems.",
            "body_markdown": "The deployer keeps the logs.",
            "phases": ["development"],
            "responsible_agency": agencies["HDIR"].pk,
            "language": "en",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    article = Article.objects.get(slug="ai-act-in-brief")
    assert article.language == "en"
    article.published = article.no_personal_data = True
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="nb"' in page
    assert 'data-size="lg" lang="en">The AI Act in brief</h1>' in page
    assert '<div class="portal-section" lang="en"><p>The deployer keeps the logs.</p>' in page


def test_the_article_form_shows_the_language_it_is_written_in(client, cast, agencies):
    article = ArticleFactory(language="en")
    client.force_login(cast["secretariat"])
    edit = client.get(f"/guidance/articles/{article.pk}/").content.decode()
    assert '<option value="en" selected>' in edit


def test_a_register_entry_reported_in_english_is_marked_english(client, cast):
    deployment = DeploymentFactory(
        system="Fracture finder", intended_use="Marks possible fractures.", language="en"
    )
    page = client.get(f"/register/{deployment.pk}/").content.decode()
    assert 'data-size="lg" lang="en">Fracture finder</h1>' in page
    assert '<dd lang="en">Marks possible fractures.</dd>' in page
    listing = client.get("/register/").content.decode()
    assert '<td lang="en"><a class="ds-link"' in listing
    client.force_login(cast["kin_coordinator"])
    form = client.get(f"/network/register/{deployment.pk}/edit/").content.decode()
    assert '<option value="en" selected>' in form


def test_an_english_article_is_marked_english_in_the_norwegian_lists(client, cast):
    """The knowledge base's index and the secretariat's article list, not only its own page."""
    article = ArticleFactory(title="The AI Act in brief", language="en")
    norwegian = ArticleFactory(title="Personvern i korte trekk")
    index = client.get("/kb/").content.decode()
    assert f'lang="en">{article.title}</a>' in index
    assert f'lang="nb">{norwegian.title}</a>' not in index  # the page's own language: no mark
    client.force_login(cast["secretariat"])
    listing = client.get("/guidance/articles/").content.decode()
    assert f'lang="en">{article.title}</a>' in listing
