# syntax=docker/dockerfile:1
# The portal's production image: one image for web, worker and beat (see docker-compose.yml);
# the command is an argument of the entrypoint bin/portal (web | worker | beat | migrate | check).

ARG PYTHON_IMAGE=python:3.13-slim-bookworm

# --- build: the locked dependencies in a virtualenv, the code, static files collected -------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock
WORKDIR /app
COPY . .
# Static files are collected (hashed and compressed for whitenoise) once, at build time. The
# settings need these values to load; none of them ends up in the image's environment.
RUN DEBUG=0 SECRET_KEY=collectstatic-only SITE_URL=https://build.invalid \
      EMAIL_URL=smtp://build.invalid:25 PATH=/opt/venv/bin:$PATH \
      bin/portal manage collectstatic --noinput -v 0 \
 && /opt/venv/bin/python -m compileall -q /app /opt/venv

# --- runtime: system libraries for WeasyPrint, a non-root user, no build tools --------------
FROM ${PYTHON_IMAGE} AS runtime
# Pango/HarfBuzz for WeasyPrint, DejaVu fonts for the PDF report, pg_dump/pg_restore for the
# backup and restore commands. Versions follow the Debian release of the base image.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core \
      postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f \
 && groupadd --system --gid 10001 kiraad \
 && useradd --system --uid 10001 --gid kiraad --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin kiraad \
 && install -d -o kiraad -g kiraad -m 0750 /data/media /data/state

# Code and virtualenv belong to root and are read-only for the portal; the user owns only
# /data/media (uploads, report PDFs) and /data/state (Celery beat's schedule).
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
# Fail the build, not the first report, if a system library is missing.
RUN /opt/venv/bin/python -c "import weasyprint, psycopg; weasyprint.HTML(string='<p>ok</p>').write_pdf()"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    XDG_CACHE_HOME=/tmp/.cache \
    DEBUG=0 \
    PORT=8000 \
    MEDIA_ROOT=/data/media \
    CELERY_BEAT_SCHEDULE_FILENAME=/data/state/celerybeat-schedule
VOLUME ["/data/media", "/data/state"]
USER 10001:10001
EXPOSE 8000
# /livez answers without the database, is exempt from the HTTPS redirect, and the probe sends
# the first of ALLOWED_HOSTS as its Host header.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/app/bin/portal", "healthcheck"]
ENTRYPOINT ["/app/bin/portal"]
CMD ["web"]
