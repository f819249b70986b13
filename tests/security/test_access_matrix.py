"""Route × role → the status each role must get, for every route of the portal (issue 15).

The expectation is generated, not recorded: the class of each route in kiraad/routes.py gives
the default (public pages answer everyone; anonymous users are sent to login; secretariat pages
refuse others with 403; staff pages are for admins), and NARROWED below restates the object
rules of the apps' access modules for the objects of the world built here. Every URL carries
the id of a real object of its kind (a meeting, its agenda item, a measure and its milestone,
a request assigned to HDIR, …), so a view that checks the wrong object, or none, shows up as a
wrong status rather than as a 404 on a missing row.

Pages are requested with GET. Routes that only take POST are posted to, with an empty form,
inside a savepoint that is rolled back (so one role's allowed action does not change the world
for the next route). A refused request writes nothing: no INSERT, UPDATE or DELETE outside the
session and login-attempt bookkeeping, checked on the SQL itself.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from guidance.models import Article
from kiraad.models import CalendarToken, MeetingDocument, StatusReport
from kiraad.routes import RouteAccess, classify
from tests.factories import ActionItemFactory, AgendaItemFactory, UserFactory
from tests.reliability.test_query_counts import NOT_PAGES, World
from tests.security.test_routes import ROUTES

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, "dmp_rep", "hdir_rep", "kin_coordinator", "secretariat", "admin"]
SECRETARIAT = {"secretariat", "admin"}  # an admin (superuser) counts as the secretariat
AGENCY_REPS = {"dmp_rep", "hdir_rep"}

OK, FOUND, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
LOGIN = "login"  # 302 to /accounts/login/
ANSWERED = "answered"  # a POST the role may make: the form answers (200, 302 or 400)

POST_ONLY = {name for name, why in NOT_PAGES.items() if why == "POST only"}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
BOOKKEEPING = ("django_session", "axes_", "otp_")
PDF = b"%PDF-1.4\n%%EOF\n"
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def only(allowed: set[str], refused: int) -> Callable[[str], int | str]:
    """Allowed roles get the page; every other signed-in role gets `refused`."""
    return lambda role: OK if role in allowed else refused


# The access modules' rules, for the world below: who gets the page and what the others get.
# - guidance.access: a request's existence is private (404) to all but the secretariat and the
#   assigned agencies (here HDIR as lead and DMP as contributor); actions narrow further (403).
#   Articles, gaps and themes, meetings and the queue are for the secretariat and agency staff.
# - measures.access: a status update is for the owning agency (HDIR) and the secretariat.
# - network.access: coordinators of the escalation's network (KIN) change it; reporting AI
#   systems is for coordinators, the RHFs and the secretariat.
# - kiraad.access: reports do not exist for anyone but the secretariat (404).
NARROWED: dict[str, Callable[[str], int | str]] = {
    # Regulatory guidance
    # (the queue itself is open to every signed-in user: it lists visible_requests, empty for
    # anyone who is neither the secretariat nor an assigned agency)
    "guidance:request-detail": only(SECRETARIAT | AGENCY_REPS, NOT_FOUND),
    **{
        f"guidance:request-{action}": lambda role: (
            OK if role in SECRETARIAT else FORBIDDEN if role in AGENCY_REPS else NOT_FOUND
        )
        for action in (
            "triage",
            "areas",
            "assign",
            "due",
            "meeting",
            "send",
            "close",
            "anonymise",
            "revoke-links",
        )
    },
    "guidance:request-note": only(SECRETARIAT | AGENCY_REPS, NOT_FOUND),
    **{
        f"guidance:request-{action}": lambda role: (
            OK if role in AGENCY_REPS else FORBIDDEN if role in SECRETARIAT else NOT_FOUND
        )
        for action in ("draft", "sign-off")
    },
    "guidance:request-answer": lambda role: (
        OK if role == "hdir_rep" else FORBIDDEN if role in SECRETARIAT | {"dmp_rep"} else NOT_FOUND
    ),
    "guidance:request-dmp-confirm": lambda role: (
        OK if role == "dmp_rep" else FORBIDDEN if role in SECRETARIAT | {"hdir_rep"} else NOT_FOUND
    ),
    **{
        name: only(SECRETARIAT, FORBIDDEN)
        for name in (
            "guidance:article-list",
            "guidance:article-create",
            "guidance:article-edit",
            "guidance:article-publish",
            "guidance:article-unpublish",
            "guidance:meeting-create",
        )
    },
    "guidance:meeting-list": only(SECRETARIAT | AGENCY_REPS, FORBIDDEN),
    "guidance:meeting-detail": only(SECRETARIAT | {"hdir_rep"}, NOT_FOUND),  # HDIR is invited
    "guidance:meeting-edit": lambda role: (
        OK if role in SECRETARIAT else FORBIDDEN if role == "hdir_rep" else NOT_FOUND
    ),
    "guidance:gap-list": only(SECRETARIAT | AGENCY_REPS, FORBIDDEN),
    "guidance:themes": only(SECRETARIAT | AGENCY_REPS, FORBIDDEN),
    # Measures
    "measures:measure-update": only(SECRETARIAT | {"hdir_rep"}, FORBIDDEN),
    # The competence network
    "network:escalation-create": only(SECRETARIAT | {"kin_coordinator"}, FORBIDDEN),
    "network:escalation-edit": only(SECRETARIAT | {"kin_coordinator"}, FORBIDDEN),
    "network:deployment-create": only(SECRETARIAT | {"kin_coordinator"}, FORBIDDEN),
    "network:deployment-edit": only(SECRETARIAT | {"kin_coordinator"}, FORBIDDEN),
    # The review right (the entry's own author is refused by the service, not the access rule)
    "network:deployment-publish": only(SECRETARIAT | {"kin_coordinator"}, FORBIDDEN),
    "network:deployment-withdraw": only(SECRETARIAT | {"kin_coordinator"}, FORBIDDEN),
    **{
        f"network:escalation-{action}": only(SECRETARIAT, FORBIDDEN)
        for action in ("assess", "override", "agenda", "response", "send-back", "close")
    },
    "network:escalation-submit": only(SECRETARIAT | {"kin_coordinator"}, FORBIDDEN),
    # The council: an action item's status is for its owning agency (HDIR) and the secretariat
    "kiraad:actionitem-status": only(SECRETARIAT | {"hdir_rep"}, FORBIDDEN),
    # A calendar link is its owner's (hdir_rep's); anyone else's is missing
    "kiraad:calendar-token-revoke": only({"hdir_rep"}, NOT_FOUND),
    # Status reports: private to the secretariat
    "reports:report-detail": only(SECRETARIAT, NOT_FOUND),
    "reports:report-download": only(SECRETARIAT, NOT_FOUND),
    "reports:report-retry": only(SECRETARIAT, NOT_FOUND),
}

# Pages whose success is not a 200: a token link that sends the user on to its form.
SUCCESS = {"password_reset_confirm": FOUND}


def expected(name: str, role: str) -> int | str:
    """The status `role` gets on route `name`, from its class and the narrowing rules."""
    access = classify(name)
    if access in (RouteAccess.PUBLIC, RouteAccess.TOKEN):
        status: int | str = OK
    elif role == ANONYMOUS:
        return LOGIN
    elif name in NARROWED:
        status = NARROWED[name](role)
    elif access == RouteAccess.LOGGED_IN:
        status = OK
    elif access == RouteAccess.SECRETARIAT:
        status = OK if role in SECRETARIAT else FORBIDDEN
    elif access == RouteAccess.STAFF:
        # A signed-in non-staff user is sent from verification to set-up, which refuses them.
        status = OK if role == "admin" else FORBIDDEN if name == "two-factor-setup" else FOUND
    else:
        raise AssertionError(f"{name}: no rule for {access}")
    if status == OK:
        return ANSWERED if name in POST_ONLY else SUCCESS.get(name, OK)
    return status


@dataclass
class Objects:
    """A real object of every kind a URL names, and the tokens of the token routes."""

    world: World

    def __post_init__(self):
        w = self.world
        hdir = w.agencies["HDIR"]
        self.agenda_item = AgendaItemFactory(meeting=w.meeting)
        self.action_item = ActionItemFactory(
            meeting=w.meeting, agenda_item=self.agenda_item, owner_agency=hdir
        )
        self.document = MeetingDocument.objects.create(
            meeting=w.meeting, title="Sakspapir", file=ContentFile(PDF, name="sakspapir.pdf")
        )
        w.report.pdf.save("statusrapport.pdf", ContentFile(PDF), save=False)
        w.report.state = StatusReport.State.DONE
        w.report.save()
        w.totp_device  # noqa: B018 (the admin's second factor, so verifying it is a page)
        w.calendar_token  # noqa: B018 (hdir_rep's calendar link)
        self.calendar_token_pk = CalendarToken.objects.get(user=w.cast["hdir_rep"]).pk
        self.published = w.article
        Article.objects.filter(pk=w.article.pk).update(published=True)
        w.guidance_request  # noqa: B018 (also sets w.tracking_token)
        user = UserFactory()  # never signs in here, so the reset link stays valid
        self.reset = (
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        )

    def kwargs(self, name: str) -> dict[str, object]:
        """The URL arguments of route `name`, taken from the world."""
        w = self.world
        app, _sep, page = name.partition(":")
        entity = page.split("-")[0]
        by_entity: dict[tuple[str, str], dict[str, object]] = {
            ("kiraad", "meeting"): {"pk": w.meeting.pk},
            ("kiraad", "agendaitem"): {"pk": w.meeting.pk, "item_pk": self.agenda_item.pk},
            ("kiraad", "actionitem"): {"pk": self.action_item.pk},
            ("kiraad", "calendar"): {"pk": self.calendar_token_pk},
            ("measures", "measure"): {"pk": w.measure.pk},
            ("measures", "milestone"): {"pk": w.measure.pk, "milestone_pk": w.milestone.pk},
            ("measures", "plan"): {"pk": w.plan.pk},
            ("measures", "round"): {"pk": w.plan.pk},
            ("network", "escalation"): {"pk": w.escalation.pk},
            ("network", "deployment"): {"pk": w.deployment.pk},
            ("register", "public"): {"pk": w.deployment.pk},
            ("guidance", "request"): {"pk": w.guidance_request.pk},
            ("guidance", "article"): {"pk": w.article.pk},
            ("guidance", "meeting"): {"pk": w.guidance_meeting.pk},
            ("reports", "report"): {"pk": w.report.pk},
            ("kb", "article"): {"slug": w.article.slug},
            ("api", "register"): {"pk": w.deployment.pk},
            ("api", "kb"): {"slug": w.article.slug},
        }
        special: dict[str, dict[str, object]] = {
            "kiraad:actionitem-create": {"pk": w.meeting.pk, "item_pk": self.agenda_item.pk},
            "kiraad:meeting-document-download": {"pk": self.document.pk},
            "kiraad:calendar-feed": {"token": w.calendar_token, "body_key": w.body.key},
            "guidance:request-track": {"token": w.tracking_token},
            "notifications:unsubscribe": {"token": _unsubscribe_token()},
            "password_reset_confirm": dict(zip(("uidb64", "token"), self.reset, strict=True)),
        }
        return special.get(name, by_entity.get((app, entity), {}))

    def path(self, name: str, route: str) -> str:
        kwargs = self.kwargs(name)
        return reverse(name, kwargs={key: kwargs[key] for key in PARAM.findall(route)})


def _writes(queries) -> list[str]:
    return [
        q["sql"][:120]
        for q in queries
        if WRITE.match(q["sql"]) and not any(table in q["sql"] for table in BOOKKEEPING)
    ]


def _matches(want: int | str, response) -> bool:
    if want == LOGIN:
        return response.status_code == FOUND and response["Location"].startswith("/accounts/login/")
    if want == ANSWERED:
        return response.status_code in (200, 302, 400)
    return response.status_code == want


ROUTES_CHECKED = [(name, route) for name, route in ROUTES if not name.startswith("admin:")]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_rules_say(
    client, cast, agencies, role, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    objects = Objects(World(cast, agencies))
    if role != ANONYMOUS:
        client.force_login(cast[role])
    problems = []
    for name, route in ROUTES_CHECKED:
        if name == "logout":
            continue  # it would end this role's session; tests/security covers it
        want = expected(name, role)
        path = objects.path(name, route)
        method = "post" if name in POST_ONLY else "get"
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            response = getattr(client, method)(path, {})
            transaction.set_rollback(True)
        got = response.status_code
        if not _matches(want, response):
            where = response.get("Location", "")
            problems.append(f"{method.upper()} {path} ({name}): want {want}, got {got} {where}")
        elif want not in (OK, ANSWERED, FOUND) and _writes(ctx.captured_queries):
            problems.append(f"{path} refused but wrote: {_writes(ctx.captured_queries)}")
    assert not problems, f"as {role}:\n" + "\n".join(problems)


def test_the_matrix_covers_every_route_and_refuses_somewhere():
    names = {name for name, _route in ROUTES_CHECKED}
    assert set(NARROWED) <= names, set(NARROWED) - names
    assert names >= POST_ONLY
    statuses = {expected(name, role) for name in names for role in ROLES}
    assert {OK, ANSWERED, LOGIN, FORBIDDEN, NOT_FOUND} <= statuses


def _unsubscribe_token() -> str:
    """A valid signed one-click link token, as an e-mail would carry it."""
    from django.core import signing

    from notifications.services.preferences import UNSUBSCRIBE_SALT

    return signing.dumps({"m": "leser@example.org", "k": "escalation_new"}, salt=UNSUBSCRIBE_SALT)
