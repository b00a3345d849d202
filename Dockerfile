# syntax=docker/dockerfile:1
# Two stages: dependencies are built in the first, the runtime image carries only the venv,
# the code and the collected static files, and runs as a non-root user.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media
RUN groupadd --system --gid 10001 shortlist \
 && useradd --system --uid 10001 --gid shortlist --home-dir /app --no-create-home shortlist
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . .
# Static files are collected at build time; the placeholders only satisfy the settings'
# production checks and are not kept in the image's environment.
RUN SECRET_KEY=collectstatic-placeholder-not-a-secret-0123456789-abcdefghijklmnop \
    ALLOWED_HOSTS=build.invalid DATABASE_URL=postgres://build.invalid/build \
    REDIS_URL=redis://build.invalid:6379/0 EMAIL_URL=console:// \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/media \
 && chown shortlist:shortlist /app/media
USER shortlist
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["deploy/start-web.sh"]
