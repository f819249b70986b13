"""Pages of the guidance app: parse → access → service or selector → render."""

import logging
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from guidance import access, forms, selectors, tasks
from guidance.models import Article, GuidanceRequest
from guidance.selectors import send_blockers, tracking_token_lookup
from guidance.services import knowledge_base
from guidance.services.answers import (
    assignment_save_draft,
    assignment_sign_off,
    guidance_request_close,
    guidance_request_confirm_dmp,
    guidance_request_send_answer,
    guidance_request_write_answer,
    request_note_add,
)
from guidance.services.assignment import (
    guidance_request_assign,
    guidance_request_set_areas,
    guidance_request_set_due_date,
    guidance_request_triage,
)
from guidance.services.gaps import gap_create
from guidance.services.intake import guidance_request_submit
from guidance.services.meetings import guidance_meeting_save, guidance_request_offer_meeting
from guidance.services.retention import guidance_request_anonymise
from guidance.services.tracking import requester_message_add, tracking_token_revoke_all
from kiraad.access import is_secretariat, require_secretariat
from kiraad.history import history_entries
from kiraad.pagination import KeysFirstPaginator
from kiraad.services import ServiceError

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


# --- public --------------------------------------------------------------------------------


def ask_rate_limited(request: HttpRequest) -> bool:
    """django-ratelimit, wrapped: if the cache (Redis) is down, fail open and log — never 500."""
    try:
        return is_ratelimited(
            request,
            group="guidance-ask",
            key="ip",
            rate=settings.GUIDANCE_ASK_RATE,
            method="POST",
            increment=True,
        )
    except Exception:
        logger.warning("rate limiter unavailable; the public form fails open", exc_info=True)
        return False


def private_page(view):
    """No caching and no Referer leaking the token to linked sites."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def no_store(view):
    """No caching of a public form's answers. The form page itself keeps the site's referrer
    policy: under «no-referrer» browsers post the form with `Origin: null`, which CSRF refuses."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


@login_not_required
@no_store
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    form = forms.AskForm(request.POST or None)
    if request.method == "POST":
        if ask_rate_limited(request):
            return render(request, "guidance/ask_limited.html", status=429)
        if form.is_spam:
            # Look like success to the bot; store nothing.
            logger.info("guidance form: honeypot filled, submission dropped")
            return render(request, "guidance/ask_receipt.html", {"request_obj": None})
        if form.is_valid():
            try:
                obj, token = guidance_request_submit(data=form.to_data())
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                track_url = request.build_absolute_uri(f"/guidance/track/{token}/")
                receipt = render(
                    request,
                    "guidance/ask_receipt.html",
                    {"request_obj": obj, "track_url": track_url},
                )
                receipt["Referrer-Policy"] = "no-referrer"  # the page shows the token
                return receipt
    return render(request, "guidance/ask_form.html", {"form": form})


# The tracking page must send «no-referrer», so browsers post its form with `Origin: null`,
# which Django's CSRF check refuses. The unguessable token in the URL is the credential and
# already defeats cross-site forgery: a forger would need the secret to know the address.
@csrf_exempt
@login_not_required
@private_page
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    obj = tracking_token_lookup(token=token)
    if obj is None:
        raise Http404
    form = forms.MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            requester_message_add(request=obj, text=form.cleaned_data["text"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect(request.path)
    can_write = obj.is_open or obj.status == GuidanceRequest.Status.ANSWERED
    context = {
        "request_obj": obj,
        "form": form if can_write else None,
        "sent_messages": list(obj.messages.all()),
        "show_answer": obj.status
        in (GuidanceRequest.Status.ANSWERED, GuidanceRequest.Status.CLOSED),
    }
    return render(request, "guidance/request_track.html", context)


@login_not_required
@no_store
@require_http_methods(["GET", "POST"])
def resend_link(request: HttpRequest) -> HttpResponse:
    form = forms.ResendLinkForm(request.POST or None)
    if request.method == "POST":
        if ask_rate_limited(request):
            return render(request, "guidance/ask_limited.html", status=429)
        if form.is_valid():
            try:
                tasks.send_link_again.delay(form.cleaned_data["email"])
            except Exception:
                logger.exception("could not enqueue the link e-mail")
            # The same answer whether or not the address is known.
            return render(request, "guidance/resend_done.html")
    return render(request, "guidance/resend_form.html", {"form": form})


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
        "phases": forms.Phase.choices,
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


# --- the queue and a request ---------------------------------------------------------------


@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status and status != "open" and status not in GuidanceRequest.Status.values:
        status = ""
    requests = selectors.guidance_request_list(
        queryset=access.visible_requests(request.user), status=status
    )
    page = KeysFirstPaginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": page.object_list,
        "page": page,
        "query": urlencode({"status": status}) if status else "",
        "status": status,
        "statuses": GuidanceRequest.Status.choices,
        "today": timezone.localdate(),
        "secretariat": is_secretariat(request.user),
    }
    return render(request, "guidance/request_list.html", context)


@require_http_methods(["GET"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.access_guidance_request(
        request.user, pk, queryset=selectors.guidance_request_detail_qs()
    )
    detail = selectors.request_detail(request=obj)
    caps = access.request_capabilities(request.user, obj, assignments=detail.assignments)
    context = {
        "request_obj": obj,
        "detail": detail,
        "caps": caps,
        "my_assignment": next(
            (a for a in detail.assignments if a.agency_id == request.user.agency_id), None
        ),
        "blockers": send_blockers(obj, detail.assignments),
        "proposal": selectors.routing_propose(request=obj) if caps["secretariat"] else None,
        "history": history_entries(obj),
    }
    return render(request, "guidance/request_detail.html", context)


def _assign_initial(obj: GuidanceRequest) -> dict:
    proposal = selectors.routing_propose(request=obj)
    return {
        "lead": proposal.lead,
        "contributors": [a for a in proposal.agencies if a != proposal.lead],
        "due_date": obj.due_date or forms.initial_due_date(timezone.localdate()),
    }


def _do_triage(req, obj, form):
    return guidance_request_triage(
        request=obj,
        decision=form.cleaned_data["decision"],
        reason=form.cleaned_data["reason"],
        referred_to=form.cleaned_data["referred_to"],
        by=req.user,
    )


def _do_areas(req, obj, form):
    return guidance_request_set_areas(request=obj, areas=form.cleaned_data["areas"], by=req.user)


def _do_assign(req, obj, form):
    return guidance_request_assign(
        request=obj,
        lead=form.cleaned_data["lead"],
        contributors=form.cleaned_data["contributors"],
        due_date=form.cleaned_data["due_date"],
        by=req.user,
    )


def _do_due(req, obj, form):
    return guidance_request_set_due_date(
        request=obj, due_date=form.cleaned_data["due_date"], by=req.user
    )


def _do_meeting(req, obj, form):
    return guidance_request_offer_meeting(
        request=obj, held_on=form.cleaned_data["held_on"], by=req.user
    )


def _do_note(req, obj, form):
    return request_note_add(request=obj, author=req.user, text=form.cleaned_data["text"])


def _do_draft(req, obj, form):
    assignment = access.access_assignment(req.user, obj)
    return assignment_save_draft(
        assignment=assignment, draft=form.cleaned_data["draft"], by=req.user
    )


def _do_sign_off(req, obj, form):
    assignment = access.access_assignment(req.user, obj)
    return assignment_sign_off(assignment=assignment, by=req.user)


def _do_answer(req, obj, form):
    return guidance_request_write_answer(
        request=obj,
        text=form.cleaned_data["answer_text"],
        normative=form.cleaned_data["answer_normative"],
        by=req.user,
    )


def _do_dmp(req, obj, form):
    return guidance_request_confirm_dmp(request=obj, by=req.user)


def _do_send(req, obj, form):
    return guidance_request_send_answer(request=obj, by=req.user)


def _do_close(req, obj, form):
    return guidance_request_close(
        request=obj, unclear_rules=form.cleaned_data["unclear_rules"], by=req.user
    )


def _do_anonymise(req, obj, form):
    return guidance_request_anonymise(request=obj, by=req.user, reason=form.cleaned_data["reason"])


def _do_revoke(req, obj, form):
    return tracking_token_revoke_all(request=obj)


# action → (access action, form class, initial, service call, heading, done message)
ACTIONS = {
    "triage": ("triage", forms.TriageForm, None, _do_triage, N_("Triage"), N_("Triage saved.")),
    "areas": (
        "areas",
        forms.AreasForm,
        lambda o: {"areas": list(o.areas.all())},
        _do_areas,
        N_("Set regulatory areas"),
        N_("Regulatory areas saved."),
    ),
    "assign": (
        "assign",
        forms.AssignForm,
        _assign_initial,
        _do_assign,
        N_("Assign agencies"),
        N_("Agencies assigned."),
    ),
    "due": (
        "due",
        forms.DueDateForm,
        lambda o: {"due_date": o.due_date},
        _do_due,
        N_("Set due date"),
        N_("Due date saved."),
    ),
    "meeting": (
        "meeting",
        forms.OfferMeetingForm,
        None,
        _do_meeting,
        N_("Offer a guidance meeting"),
        N_("Guidance meeting offered."),
    ),
    "note": ("note", forms.NoteForm, None, _do_note, N_("Add an internal note"), N_("Note added.")),
    "draft": (
        "draft",
        forms.DraftForm,
        None,
        _do_draft,
        N_("Draft our part"),
        N_("Draft saved."),
    ),
    "sign-off": (
        "sign_off",
        forms.ConfirmForm,
        None,
        _do_sign_off,
        N_("Sign off on the joint answer"),
        N_("Signed off."),
    ),
    "answer": (
        "answer",
        forms.AnswerForm,
        lambda o: {"answer_text": o.answer_text, "answer_normative": o.answer_normative},
        _do_answer,
        N_("Write the joint answer"),
        N_("Joint answer saved."),
    ),
    "dmp-confirm": (
        "dmp_confirm",
        forms.ConfirmForm,
        None,
        _do_dmp,
        N_("Confirm: no conflict with DMP's supervisory role"),
        N_("DMP's confirmation recorded."),
    ),
    "send": ("send", forms.ConfirmForm, None, _do_send, N_("Send the answer"), N_("Answer sent.")),
    "close": (
        "close",
        forms.CloseForm,
        None,
        _do_close,
        N_("Close the request"),
        N_("Request closed."),
    ),
    "revoke-links": (
        "revoke",
        forms.ConfirmForm,
        None,
        _do_revoke,
        N_("Revoke the requester's tracking links"),
        N_("The tracking links no longer work."),
    ),
    "anonymise": (
        "anonymise",
        forms.AnonymiseForm,
        None,
        _do_anonymise,
        N_("Anonymise now"),
        N_("The requester's personal data has been removed."),
    ),
}


@require_http_methods(["GET", "POST"])
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    access_action, form_class, initial, call, heading, done = ACTIONS[action]
    obj = access.access_guidance_request(request.user, pk, action=access_action)
    if action == "draft":
        assignment = access.access_assignment(request.user, obj)
        initial = lambda o: {"draft": assignment.draft}  # noqa: E731
    form = form_class(request.POST or None, initial=initial(obj) if initial else None)
    if request.method == "POST" and form.is_valid():
        try:
            call(request, obj, form)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _(done))
            return redirect(obj)
    context = {
        "request_obj": obj,
        "form": form,
        "heading": _(heading),
        "action": action,
        "proposal": selectors.routing_propose(request=obj) if action == "assign" else None,
        "blockers": (send_blockers(obj, list(obj.assignments.all())) if action == "send" else []),
    }
    return render(request, "guidance/request_action.html", context)


# --- knowledge-base editing (secretariat) --------------------------------------------------


@require_http_methods(["GET"])
def article_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    context = {
        "articles": list(selectors.article_list_all()),
        "past_review": list(selectors.articles_past_review(today=timezone.localdate())),
    }
    return render(request, "guidance/article_list.html", context)


def _slug_taken(exclude_pk=None):
    def check(slug: str) -> bool:
        return Article.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()

    return check


@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    source = None
    source_pk = request.GET.get("request") or request.POST.get("source_request")
    if source_pk:
        source = access.access_guidance_request(request.user, source_pk)
    initial = {}
    if source is not None:
        lead = source.assignments.filter(role="lead").select_related("agency").first()
        initial = {
            "phases": [source.phase],
            "areas": list(source.areas.all()),
            "responsible_agency": lead.agency if lead else None,
            "normative": source.answer_normative,
        }
    form = forms.ArticleForm(request.POST or None, initial=initial, slug_taken=_slug_taken())
    if request.method == "POST" and form.is_valid():
        article = knowledge_base.article_save(
            data=form.to_data(source_request=source), by=request.user
        )
        messages.success(request, _("Article saved. Check it and publish it."))
        return redirect("guidance:article-edit", pk=article.pk)
    return render(
        request, "guidance/article_form.html", {"form": form, "source": source, "article": None}
    )


@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
    }
    form = forms.ArticleForm(
        request.POST or None, initial=initial, slug_taken=_slug_taken(article.pk)
    )
    if request.method == "POST" and form.is_valid():
        knowledge_base.article_save(data=form.to_data(), by=request.user, article=article)
        messages.success(request, _("Article saved."))
        return redirect("guidance:article-edit", pk=article.pk)
    context = {
        "form": form,
        "article": article,
        "source": article.source_request,
        "publish_form": forms.PublishForm(),
        "history": history_entries(article),
    }
    return render(request, "guidance/article_form.html", context)


@require_http_methods(["GET", "POST"])
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.access_article(request.user, pk, action="publish")
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        knowledge_base.article_publish(
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
def article_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.access_article(request.user, pk, action="unpublish")
    form = forms.UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        knowledge_base.article_unpublish(
            article=article, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("The article is no longer public."))
        return redirect("guidance:article-edit", pk=article.pk)
    return render(
        request,
        "guidance/article_confirm.html",
        {"form": form, "article": article, "heading": _("Unpublish")},
    )


# --- meetings, gaps, themes ----------------------------------------------------------------


@require_http_methods(["GET"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    access.require_guidance_staff(request.user)
    meetings = selectors.meeting_list()
    if not is_secretariat(request.user):
        meetings = meetings.filter(invited_agencies=request.user.agency_id)
    return render(
        request,
        "guidance/meeting_list.html",
        {"meetings": list(meetings), "secretariat": is_secretariat(request.user)},
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = guidance_meeting_save(data=form.to_data(), by=request.user)
        messages.success(request, _("Guidance meeting saved."))
        return redirect(meeting)
    return render(request, "guidance/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_guidance_meeting(request.user, pk, action="change")
    initial = {
        name: getattr(meeting, name)
        for name in (
            "title", "community", "status", "held_on", "phase", "decision_makers",
            "topics", "summary", "follow_ups", "unclear_rules",
        )
    }  # fmt: skip
    initial["invited_agencies"] = list(meeting.invited_agencies.all())
    initial["areas"] = list(meeting.areas.all())
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        guidance_meeting_save(data=form.to_data(), by=request.user, meeting=meeting)
        messages.success(request, _("Guidance meeting saved."))
        return redirect(meeting)
    return render(request, "guidance/meeting_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_guidance_meeting(request.user, pk)
    meeting = selectors.meeting_get(pk=meeting.pk)
    context = {
        "meeting": meeting,
        "secretariat": is_secretariat(request.user),
        "history": history_entries(meeting),
    }
    return render(request, "guidance/meeting_detail.html", context)


@require_http_methods(["GET", "POST"])
def gap_list(request: HttpRequest) -> HttpResponse:
    access.require_guidance_staff(request.user)
    form = forms.GapForm(request.POST or None)
    if request.method == "POST":
        if not is_secretariat(request.user):
            raise PermissionDenied
        if form.is_valid():
            gap_create(data=form.to_data(), by=request.user)
            messages.success(request, _("Gap recorded."))
            return redirect("guidance:gap-list")
    context = {
        "gaps": list(selectors.gap_list()),
        "form": form if is_secretariat(request.user) else None,
    }
    return render(request, "guidance/gap_list.html", context)


@require_http_methods(["GET"])
def themes(request: HttpRequest) -> HttpResponse:
    access.require_guidance_staff(request.user)
    return render(request, "guidance/themes.html", {"rows": selectors.themes()})
