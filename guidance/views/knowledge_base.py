"""The public knowledge base under /kb/ and the secretariat's article editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guidance import access, selectors
from guidance.forms.knowledge_base import ArticleForm, PublishForm, UnpublishForm
from guidance.models import Article, Phase
from guidance.services import knowledge_base as kb_services
from kiraad.access import require_secretariat
from kiraad.history import history_entries
from kiraad.http import AuthenticatedHttpRequest
from kiraad.idempotency import idempotent


@login_not_required
@require_http_methods(["GET"])
def kb_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    phase = request.GET.get("phase", "")[:40]
    area = request.GET.get("area", "")[:80]
    index = selectors.kb_index(query=query, phase=phase, area_key=area)
    context = {
        "index": index,
        "q": query,
        "phase": phase,
        "area": area,
        "phases": Phase.choices,
    }
    return render(request, "guidance/kb_index.html", context)


@login_not_required
@require_http_methods(["GET"])
def kb_article(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        article = selectors.article_public_get(slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404 from exc
    past_review = bool(article.review_due and article.review_due < timezone.localdate())
    return render(
        request, "guidance/kb_article.html", {"article": article, "past_review": past_review}
    )


@require_http_methods(["GET"])
def article_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    context = {
        "articles": list(selectors.article_list_all()),
        "past_review": list(selectors.articles_past_review(today=timezone.localdate())),
    }
    return render(request, "guidance/article_list.html", context)


def _slug_taken(exclude_pk: int | None = None):
    def check(slug: str) -> bool:
        return selectors.article_slug_taken(slug=slug, exclude_pk=exclude_pk)

    return check


@require_http_methods(["GET", "POST"])
@idempotent("guidance-article-create")
def article_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    source = None
    source_pk = request.GET.get("request") or request.POST.get("source_request")
    if source_pk:
        pk = int(source_pk) if source_pk.isdigit() else 0  # 0 names no request: 404
        source = access.access_guidance_request(request.user, pk)
    initial = {}
    if source is not None:
        lead = source.assignments.filter(role="lead").select_related("agency").first()
        initial = {
            "phases": [source.phase],
            "areas": list(source.areas.all()),
            "responsible_agency": lead.agency if lead else None,
            "normative": source.answer_normative,
        }
    form = ArticleForm(request.POST or None, initial=initial, slug_taken=_slug_taken())
    if request.method == "POST" and form.is_valid():
        article = kb_services.article_save(
            data=form.to_data(source_request=source), by=request.user
        )
        messages.success(request, _("Article saved. Check it and publish it."))
        return redirect("guidance:article-edit", pk=article.pk)
    return render(
        request, "guidance/article_form.html", {"form": form, "source": source, "article": None}
    )


@require_http_methods(["GET", "POST"])
def article_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = access.access_article(request.user, pk, action="change")
    initial = {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "body_markdown": article.body_markdown,
        "phases": article.phases,
        "topics": article.topics,
        "areas": list(article.areas.all()),
        "responsible_agency": article.responsible_agency,
        "where_to_turn": article.where_to_turn,
        "normative": article.normative,
        "review_due": article.review_due,
        "language": article.language,
    }
    form = ArticleForm(request.POST or None, initial=initial, slug_taken=_slug_taken(article.pk))
    if request.method == "POST" and form.is_valid():
        kb_services.article_save(data=form.to_data(), by=request.user, article=article)
        messages.success(request, _("Article saved."))
        return redirect("guidance:article-edit", pk=article.pk)
    context = {
        "form": form,
        "article": article,
        "source": article.source_request,
        "publish_form": PublishForm(),
        "history": history_entries(article),
    }
    return render(request, "guidance/article_form.html", context)


@require_http_methods(["GET", "POST"])
def article_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = access.access_article(request.user, pk, action="publish")
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kb_services.article_publish(
            article=article, no_personal_data=form.cleaned_data["no_personal_data"], by=request.user
        )
        messages.success(request, _("The article is published."))
        return redirect(article.get_absolute_url())
    return render(
        request,
        "guidance/article_confirm.html",
        {"form": form, "article": article, "heading": _("Publish")},
    )


@require_http_methods(["GET", "POST"])
def article_unpublish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = access.access_article(request.user, pk, action="unpublish")
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kb_services.article_unpublish(
            article=article, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("The article is no longer public."))
        return redirect("guidance:article-edit", pk=article.pk)
    return render(
        request,
        "guidance/article_confirm.html",
        {"form": form, "article": article, "heading": _("Unpublish")},
    )
