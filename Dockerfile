# The portal's production image: the locked production set, collected static files, gunicorn, a non-root user.
# Build:  docker build -t interests-portal .
# Run:    docker run -p 8000:8000 --env-file portal.env interests-portal   (docs/deploy.md lists the variables)
# Migrate (once per release, before the new instances take traffic, as the tables' owner: docs/deploy.md §8):
#         docker run --rm --env-file portal.env -e DATABASE_URL=… interests-portal python manage.py migrate --noinput
# CI lints this file with hadolint and runs scripts/build-production and gunicorn outside a container (no daemon).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
# GNU gettext's msgfmt compiles the translations (scripts/build-production); only this stage needs it. Not pinned:
# Debian's security updates replace a package's version in the archive, and a pinned build would then fail.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock manage.py gunicorn.conf.py ./
COPY scripts/build-production scripts/
COPY interests_portal interests_portal/
COPY templates templates/
COPY static static/
COPY locale locale/
RUN scripts/build-production /opt/venv

FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home --shell /usr/sbin/nologin portal
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/manage.py /app/gunicorn.conf.py ./
COPY --from=build /app/interests_portal interests_portal/
COPY --from=build /app/templates templates/
COPY --from=build /app/static static/
COPY --from=build /app/staticfiles staticfiles/
COPY --from=build /app/locale locale/
# Microsoft mode always: a missing ENTRA_CLIENT_ID must fail the start, never fall back to the local tenant.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=interests_portal.settings \
    LOCAL_TENANT=0 \
    DJANGO_DEBUG=0 \
    HOME=/tmp
USER 10001:10001
EXPOSE 8000
# Liveness only: readiness (/readyz) is for the load balancer, which knows when to stop sending traffic.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2)"]
# gunicorn.conf.py: gthread workers, timeouts, and Django's system checks before serving.
CMD ["gunicorn"]
