"""The test cast: the standard users every test reaches by name.

secretariat  – the secretariat at Helsedirektoratet (group «sekretariat», agency HDIR)
hdir_rep     – an agency representative of Helsedirektoratet
dmp_rep      – an agency representative of another agency (DMP)
kin_coordinator – a coordinator of the competence network KIN
admin        – a superuser for /admin/
"""

import contextlib
import hashlib
import re
from pathlib import Path

import pytest
import zeal
from celery.signals import task_postrun, task_prerun

from kiraad.access import Role
from kiraad.backdate import forget_dated_moments
from kiraad.models import Agency, User
from kiraad.services import user_set_roles
from tests.factories import AgencyFactory, UserFactory
from tests.written_once import written_once


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The long tests first: the crawl's parts, the other browser tests, then those marked
    slow; the rest after them (a stable sort: within each the order stays pytest-randomly's).
    xdist hands out the largest group first and the others in this order, so the long ones
    start at once: a long test shuffled among 1,500 short ones and started last runs on alone
    while the other worker has nothing left (a crawl part did)."""

    def rank(item) -> int:
        if item.get_closest_marker("e2e"):
            return 0 if Path(item.fspath).name == "test_crawl.py" else 1
        return 2 if item.get_closest_marker("slow") else 3

    items.sort(key=rank)


# A test outside the browser tests whose call took this long and is not marked slow is named at
# the end of the run, so the mark (4 s or more on an idle machine) keeps up with the suite; the
# margin is for a loaded machine.
UNMARKED_SLOW_SECONDS = 8.0
_unmarked_slow: list[tuple[float, str]] = []


def pytest_runtest_logreport(report):
    if (
        report.when == "call"
        and report.duration >= UNMARKED_SLOW_SECONDS
        and not {"slow", "e2e"} & set(report.keywords)
    ):
        _unmarked_slow.append((report.duration, report.nodeid))


def pytest_terminal_summary(terminalreporter):
    if _unmarked_slow:
        terminalreporter.write_sep("-", "long tests not marked slow (tests/conftest.py)")
        for seconds, nodeid in sorted(_unmarked_slow, reverse=True):
            terminalreporter.write_line(f"{seconds:5.1f} s  {nodeid}")


@pytest.fixture(autouse=True)
def _dated_moments_forgotten():
    """Every test starts from an empty database, so with no dated versions counted
    (kiraad/backdate.py): a count left by an earlier test's load, for keys the database gave
    out again, dated a demo meeting's history a microsecond after the meeting ended."""
    forget_dated_moments()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """On PostgreSQL with pytest-xdist, the migrations run once per run instead of once per
    worker: the first worker builds `test_<db>_template` by Django's own create_test_db (real
    migrations: 27–38 s of CPU here on an idle machine, 100 s and more under load, mostly
    migrate's state rendering), and every worker then copies it into its own `test_<db>_gwN`
    (CREATE DATABASE … TEMPLATE, 0.6 s). The
    template carries the run's xdist uid as its comment, so one left by an earlier run (other
    migrations, other code) is rebuilt, never trusted. SQLite, `-n 0`, `--reuse-db` (its worker
    databases are kept and only migrated forward) and `--nomigrations` keep pytest-django's path."""
    from django.conf import settings
    from django.db import connections
    from pytest_django.fixtures import _get_databases_for_setup

    workerinput = getattr(request.config, "workerinput", None)
    connection = connections["default"]
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    if (
        workerinput is None
        or connection.vendor != "postgresql"
        or aliases != {"default"}
        or (django_db_keepdb and not django_db_createdb)
        or not django_db_use_migrations
    ):
        yield request.getfixturevalue("django_db_setup")
        return

    verbosity = request.config.option.verbose
    run_uid = workerinput["testrunuid"]
    worker_db = connection.settings_dict["TEST"]["NAME"]  # test_<db>_gwN (pytest-django's suffix)
    run_prefix = worker_db.removesuffix(f"_{workerinput['workerid']}")
    template_db = f"{run_prefix}_template"
    original_name = connection.settings_dict["NAME"]
    quote = connection.ops.quote_name
    with django_db_blocker.unblock():
        with _template_lock(connection, template_db) as cursor:
            if _database_comment(cursor, template_db) != run_uid:
                connection.settings_dict["TEST"]["NAME"] = template_db
                connection.creation.create_test_db(verbosity=verbosity, autoclobber=True)
                with connection.cursor() as template_cursor:
                    template_cursor.execute(
                        f"COMMENT ON DATABASE {quote(template_db)} IS %s", [run_uid]
                    )
                # CREATE DATABASE … TEMPLATE refuses a template anyone is connected to.
                connection.close()
                connection.settings_dict["TEST"]["NAME"] = worker_db
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(worker_db)}")
            cursor.execute(f"CREATE DATABASE {quote(worker_db)} TEMPLATE {quote(template_db)}")
        connection.settings_dict["NAME"] = worker_db
        settings.DATABASES["default"]["NAME"] = worker_db
        if "default" in serialized_aliases:
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()

    yield

    if django_db_keepdb:  # --reuse-db with --create-db: rebuilt now, kept for the next run
        return
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(original_name, verbosity)
        # The last worker out drops the template; a worker that reaches its first database
        # test after that (one whose earlier tests needed none) builds it again.
        with _template_lock(connection, template_db) as cursor:
            cursor.execute("SELECT datname FROM pg_database")
            worker_dbs = re.compile(rf"{re.escape(run_prefix)}_gw\d+")
            last = not any(worker_dbs.fullmatch(name) for (name,) in cursor.fetchall())
            if last and _database_comment(cursor, template_db) == run_uid:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(template_db)}")


@contextlib.contextmanager
def _template_lock(connection, template_db):
    """A cursor on PostgreSQL's maintenance database holding a session advisory lock whose key
    is derived from the template's name: one worker at a time builds, copies or drops it."""
    key = int.from_bytes(hashlib.sha256(template_db.encode()).digest()[:8], "big", signed=True)
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield cursor
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _database_comment(cursor, name):
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    return row[0] if row else None


# The tables the two fixtures below add rows to (tests/written_once.py copies them back).
AGENCY_TABLES = ["kiraad_agency", "kiraad_historicalagency"]
CAST_TABLES = ["auth_group", "kiraad_user", "kiraad_historicaluser", "kiraad_user_groups"]
CAST = {  # role in the tests → username, agency, roles, other fields
    "secretariat": ("sekretariat", "HDIR", {Role.SECRETARIAT}, {}),
    "hdir_rep": ("rep-hdir", "HDIR", {Role.AGENCY_REPRESENTATIVE}, {}),
    "dmp_rep": ("rep-dmp", "DMP", {Role.AGENCY_REPRESENTATIVE}, {}),
    "kin_coordinator": ("kin", "KIN", {Role.NETWORK_COORDINATOR}, {}),
    "admin": ("admin", None, set(), {"is_staff": True, "is_superuser": True}),
}


@pytest.fixture
def agencies(db):
    return write_agencies()


@pytest.fixture
def cast(db, agencies):
    return write_cast(agencies)


def write_agencies() -> dict[str, Agency]:
    made: dict[str, Agency] = {}

    def write():
        made["HDIR"] = AgencyFactory(
            code="HDIR", name="Helsedirektoratet", short_name="Helsedirektoratet"
        )
        made["DMP"] = AgencyFactory(code="DMP", name="Direktoratet for medisinske produkter")
        made["KIN"] = AgencyFactory(
            code="KIN", name="Kunstig intelligens i norsk helsetjeneste", kind="network"
        )

    if written_once("agencies", AGENCY_TABLES, write):
        made.update((a.code, a) for a in Agency.objects.filter(code__in=["HDIR", "DMP", "KIN"]))
    return {code: made[code] for code in ("HDIR", "DMP", "KIN")}


def write_cast(agencies: dict[str, Agency]) -> dict[str, User]:
    made: dict[str, User] = {}

    def write():
        for role, (username, code, roles, extra) in CAST.items():
            user = UserFactory(username=username, **extra)
            agency = agencies[code] if code else None
            made[role] = user_set_roles(
                user=user, agency=agency, roles=roles, by=None, reason="test cast"
            )

    # The copy holds the agencies' ids: it is put back only beside the same agencies.
    copy_name = "cast " + " ".join(str(agency.pk) for agency in agencies.values())
    if written_once(copy_name, CAST_TABLES, write):
        users = User.objects.in_bulk(
            [username for username, *_ in CAST.values()], field_name="username"
        )
        by_id = {agency.pk: agency for agency in agencies.values()}
        for role, (username, *_) in CAST.items():
            made[role] = user = users[username]
            if user.agency_id is not None:
                user.agency = by_id[user.agency_id]  # the same objects as the code leaves
    return made


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
