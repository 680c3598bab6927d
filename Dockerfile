# The portal's image for `docker compose` (compose.yaml): the web server (gunicorn), the
# Celery worker and beat all run it, with different commands. docs/production.md#docker.
FROM python:3.11-slim-bookworm

# Pango, HarfBuzz and fonts for WeasyPrint's PDFs: the same Debian packages as `make run`'s
# RUN_DEBS (Makefile).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
        fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    # Uploads, rendered PDFs and beat's schedule live on a volume, outside the code folder.
    VAR_DIR=/var/lib/vnr \
    MEDIA_ROOT=/var/lib/vnr/media \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Translations and static files are built into the image (no database needed); the key
# only lets the settings load here, it is not the one the containers run with.
RUN DEBUG=1 VAR_DIR=/tmp/build python manage.py compile_translations \
    && SECRET_KEY=image-build-only VAR_DIR=/tmp/build python manage.py collectstatic --noinput \
    && rm -rf /tmp/build \
    && useradd --system --uid 10001 --home-dir /var/lib/vnr vnr \
    && mkdir -p /var/lib/vnr/media \
    && chown -R vnr /var/lib/vnr

USER vnr
EXPOSE 8000
# Two gunicorn processes per core plus one; WEB_CONCURRENCY overrides (gunicorn reads it).
CMD ["sh", "-c", "exec gunicorn vnr_portal.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))} --timeout 60 --access-logfile -"]
