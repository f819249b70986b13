"""The test cast: the standard users every test reaches by name.

secretariat  – the secretariat at Helsedirektoratet (group «sekretariat», agency HDIR)
hdir_rep     – an agency representative of Helsedirektoratet
dmp_rep      – an agency representative of another agency (DMP)
kin_coordinator – a coordinator of the competence network KIN
admin        – a superuser for /admin/
"""

import pytest
import zeal
from celery.signals import task_postrun, task_prerun

from kiraad.access import Role
from kiraad.services import user_set_roles
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def agencies(db):
    return {
        "HDIR": AgencyFactory(
            code="HDIR", name="Helsedirektoratet", short_name="Helsedirektoratet"
        ),
        "DMP": AgencyFactory(code="DMP", name="Direktoratet for medisinske produkter"),
        "KIN": AgencyFactory(
            code="KIN", name="Kunstig intelligens i norsk helsetjeneste", kind="network"
        ),
    }


@pytest.fixture
def cast(db, agencies):
    def make(username, agency, roles, **extra):
        user = UserFactory(username=username, **extra)
        return user_set_roles(user=user, agency=agency, roles=roles, by=None, reason="test cast")

    return {
        "secretariat": make("sekretariat", agencies["HDIR"], {Role.SECRETARIAT}),
        "hdir_rep": make("rep-hdir", agencies["HDIR"], {Role.AGENCY_REPRESENTATIVE}),
        "dmp_rep": make("rep-dmp", agencies["DMP"], {Role.AGENCY_REPRESENTATIVE}),
        "kin_coordinator": make("kin", agencies["KIN"], {Role.NETWORK_COORDINATOR}),
        "admin": make("admin", None, set(), is_staff=True, is_superuser=True),
    }


# django-zeal checks each request (its middleware, in kiraad/project/settings_test.py) and,
# here, each Celery task (the reports render in one): one unit of work, one N+1 context.
_zeal_tokens: dict = {}


@task_prerun.connect(dispatch_uid="tests-zeal-prerun")
def _zeal_task_start(task_id=None, **kwargs):
    _zeal_tokens[task_id] = zeal.setup()


@task_postrun.connect(dispatch_uid="tests-zeal-postrun")
def _zeal_task_end(task_id=None, **kwargs):
    zeal.teardown(_zeal_tokens.pop(task_id, None))


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """Each test starts in the site's language: a test that switches to English (a request with
    the language cookie, an e-mail rendered for an English reader) must not leave it active for
    the next test in random order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """A test with a real transaction (the browser tests' live server, real Celery workers) is
    followed by a flush of every table. On PostgreSQL Django's flush is one TRUNCATE of all 113
    tables: each gets new files, synced at commit, 2–4 s per test on this machine. Deleting the
    rows in one transaction, the foreign keys checked at its end (Django makes them DEFERRABLE),
    leaves the same empty tables in about 40 ms. Statement triggers fire as they do for TRUNCATE
    (the page cache's data versions), and sequences are reset only when a test asks (then the
    original TRUNCATE … RESTART IDENTITY runs)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            "SET CONSTRAINTS ALL DEFERRED",
            *(f"DELETE FROM {self.quote_name(table)}" for table in tables),  # noqa: S608 (table names from Django)
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate
