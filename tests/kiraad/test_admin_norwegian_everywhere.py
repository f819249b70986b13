"""Issue 21: the Norwegian admin has no English left on any list or add form.

Every registered model's change list and add form is opened as the admin in Norwegian; the visible
text (labels, help texts, list filters and their choices, buttons, headings) must contain no common
English word. Words that read the same in both languages are not on the list.
"""

import re

import pytest
from django.contrib import admin

pytestmark = pytest.mark.django_db

# Words that only English has, common in labels, filters and help texts.
ENGLISH = re.compile(
    r"\b(the|and|of|with|this|that|from|which|when|whether|should|must|will|"
    r"add|save|change|delete|view|search|show|hide|all|any|yes|no|unknown|none|"
    r"today|past|days|month|year|date|name|title|kind|created|updated|"
    r"user|users|group|groups|agency|meeting|measure|request|body|reason|text|"
    r"description|language|required|optional|history|object|objects|selected|select|"
    r"choose|action|actions|failed|queued|skipped|pending|due|open|closed|draft|"
    r"published|active|inactive|email|address|key|code|number|order|priority|"
    r"digest|immediately|off|daily|weekly)\b",
    re.IGNORECASE,
)
# Text a Norwegian page may show in English: product names, codes and what the data holds.
# Group names («agency:HDIR», «agency_representative») are the rights' keys, and «<unknown>» is
# what django-axes stores for a request without a user agent: data, not labels.
ALLOWED = re.compile(
    r"KI-rådet|Django|TOTP|OTP|CSV|PDF|URL|HTML|JSON|API|MDR|CE|GDPR|HTTP Accept"
    r"|\bagency[:_][\w:-]*|&lt;unknown&gt;"
)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def _english_words(text: str) -> list[str]:
    text = ALLOWED.sub(" ", text)
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


def test_every_admin_list_and_add_form_reads_norwegian(client, cast):
    client.force_login(cast["admin"])
    found = {}
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        for page in ("", "add/"):
            if page and not model_admin.has_add_permission(_request(cast["admin"])):
                continue
            url = f"/admin/{meta.app_label}/{meta.model_name}/{page}"
            response = client.get(url)
            if response.status_code != 200:
                found[url] = [f"status {response.status_code}"]
                continue
            words = _english_words(_visible_text(response.content.decode()))
            if words:
                found[url] = words
    assert found == {}


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
