#!/usr/bin/env python3
"""The README's two commands, on a fresh machine with nothing but Python 3.12+.

    python3 portal.py run    install, migrate, load the seed data and demo users, serve :8000
    python3 portal.py test   install, then run the whole test suite on every core, in random
                             order (extra args go to pytest; -n 0 runs in one process)

Both are idempotent. With DATABASE_URL / CELERY_BROKER_URL set they use PostgreSQL and Redis
(and `run` starts a real Celery worker with beat); without them, SQLite and in-process tasks.
`test` also uses PostgreSQL and Redis when they answer on 127.0.0.1, and says what it skipped.
Only the standard library is used here, because nothing else is installed yet.
"""

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 12)


def find_python() -> str:
    if sys.version_info >= MIN_PYTHON:
        return sys.executable
    candidates = [shutil.which(name) for name in ("python3.13", "python3.12")]
    pyenv = Path.home() / ".pyenv" / "versions"
    if pyenv.is_dir():
        candidates += [
            str(p / "bin" / "python") for p in sorted(pyenv.glob("3.1[23]*"), reverse=True)
        ]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit(f"Python 3.12 or newer is needed (found {sys.version.split()[0]}).")


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv(lock: str) -> None:
    python = venv_python()
    if python.exists():
        version = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info >= (3, 12))"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if version != "True":
            shutil.rmtree(VENV)
    if not python.exists():
        print(f"Creating {VENV} …", flush=True)
        subprocess.run([find_python(), "-m", "venv", str(VENV)], check=True)
    lock_path = ROOT / lock
    digest = hashlib.sha256(lock_path.read_bytes()).hexdigest()
    stamp = VENV / f".stamp-{lock}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing the locked dependencies ({lock}) …", flush=True)
    uv = ensure_uv(python)
    if uv:
        # uv installs the same hash-checked lock in a fraction of pip's time (it resolves
        # nothing, downloads in parallel and links from its cache). Like pip --no-compile, it
        # leaves the compiling of modules to their first import.
        command = [uv, "pip", "install", "--quiet", "--require-hashes", "-r", str(lock_path)]
        subprocess.run([*command, "--python", str(python)], check=True)
    else:
        # --no-compile: compiling every installed module took 14 of 30 s; Python compiles the
        # modules a process imports on first import (and caches them), a fraction of them.
        pip_install(python, lock_path, check=True)
    stamp.write_text(digest)


def pip_install(python: Path, lock_path: Path, *, check: bool) -> int:
    """pip installs a hash-checked lock into the venv; its exit code."""
    command = ["-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check"]
    return subprocess.run(
        [python, *command, "--require-hashes", "-r", str(lock_path)], check=check
    ).returncode


def ensure_uv(python: Path) -> Path | None:
    """uv, pinned with its hashes in requirements-uv.lock, installed by pip into the venv; None
    where pip cannot install it (no wheel for this platform, no network), and pip does the work."""
    installed = pip_install(python, ROOT / "requirements-uv.lock", check=False) == 0
    uv = VENV / "bin" / "uv"
    if installed and uv.exists():
        return uv
    print("uv could not be installed: pip installs the dependencies instead.", flush=True)
    return None


def manage(*args: str, env: dict) -> None:
    subprocess.run([venv_python(), str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def postgres_answers(env: dict) -> bool:
    probe = (
        "import psycopg\n"
        "url = 'postgresql://postgres@127.0.0.1:5432/postgres'\n"
        "psycopg.connect(url, connect_timeout=2).close()\n"
    )
    result = subprocess.run([venv_python(), "-c", probe], env=env, capture_output=True, check=False)
    return result.returncode == 0


def run(argv: list[str]) -> None:
    ensure_venv("requirements.lock")
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    manage("migrate", "--noinput", env=env)
    manage("load_seed_data", env=env)
    manage("load_demo_data", env=env)
    worker = None
    if env.get("CELERY_BROKER_URL"):
        print("CELERY_BROKER_URL is set: starting a Celery worker with beat.", flush=True)
        worker = subprocess.Popen(
            [
                venv_python(),
                "-m",
                "celery",
                "-A",
                "kiraad",
                "worker",
                "--beat",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
            ],
            env=env,
            cwd=ROOT,
        )
    else:
        print("No CELERY_BROKER_URL: background tasks run in-process.", flush=True)
    password = env.get("DEMO_PASSWORD", "demo-kiraad")
    print(f"Demo users: sekretariat, admin, kin, rep-hdir, rep-dmp, … password «{password}».")
    try:
        manage("runserver", *(argv or ["127.0.0.1:8000"]), env=env)
    except KeyboardInterrupt:
        pass
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=10)


def test(argv: list[str]) -> None:
    ensure_venv("requirements-dev.lock")
    env = dict(os.environ)
    env.pop("DEBUG", None)
    # Bytecode is written (into .venv and the ignored __pycache__ folders) also where the shell
    # sets PYTHONDONTWRITEBYTECODE: otherwise every test worker and every process the tests
    # start (Celery workers, manage.py) compiles each module it imports again, and pytest
    # rewrites every test module again (measured: a worker's start 21 s → 9.5 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    notes = []
    if env.get("DATABASE_URL"):
        notes.append("database: DATABASE_URL")
    elif port_open("127.0.0.1", 5432) and postgres_answers(env):
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/kiraad"
        notes.append("database: PostgreSQL on 127.0.0.1:5432")
    else:
        notes.append("database: SQLite (no PostgreSQL found; PostgreSQL-only tests are skipped)")
    if env.get("CELERY_BROKER_URL"):
        notes.append("broker: CELERY_BROKER_URL")
    elif redis_answers():
        env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/0"
        notes.append("broker: Redis on 127.0.0.1:6379 (real Celery worker tests run)")
    else:
        notes.append("broker: none (tasks in-process; real-worker tests are skipped)")
    env.setdefault("REDIS_URL", env.get("CELERY_BROKER_URL", ""))
    # Debian's headless build of Chromium first: the same Blink without the browser's window
    # machinery, at about half the CPU per page (measured: 3.3 s against 6.2 s for 48 pages).
    chromium = (
        env.get("CHROMIUM_PATH")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
        or "/usr/bin/chromium"
    )
    if Path(chromium).exists():
        env["CHROMIUM_PATH"] = chromium
        notes.append(f"browser: {chromium}")
    else:
        notes.append(
            "browser: no Chromium (browser tests are skipped;"
            " apt-get install chromium-headless-shell or chromium)"
        )
    argv = parallel_args(argv, notes)
    print("Test setup — " + "; ".join(notes), flush=True)
    result = subprocess.run([venv_python(), "-m", "pytest", *argv], env=env, cwd=ROOT, check=False)
    if result.returncode == NO_TESTS_COLLECTED:
        print("pytest collected no tests: check the paths, -k and -m given.", flush=True)
    sys.exit(result.returncode)


NO_TESTS_COLLECTED = 5  # pytest's exit code when nothing matched; a failure here, never a pass
SERIAL_FLAGS = {"-n", "--numprocesses", "--collect-only", "--co", "--version", "-h", "--help"}


def parallel_args(argv: list[str], notes: list[str]) -> list[str]:
    """Run on every core (pytest-xdist) unless the caller chose otherwise (`-n 0` for one
    process, `-n 4`, …). Browser tests share one worker (their xdist_group, `--dist loadgroup`)."""
    chosen = {arg.split("=")[0] for arg in argv} & SERIAL_FLAGS
    if chosen or any(arg.startswith("-n") and arg[2:].isdigit() for arg in argv):
        return argv
    notes.append("workers: one per core (pytest-xdist; -n 0 for a single process)")
    return ["-n", "auto", "--dist", "loadgroup", *argv]


def main() -> None:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
