# One image for the six services (and the compose stack's topic-init job): the command picks which one runs,
# `python -m rcm_platform.container claims` (the ENTRYPOINT's argument) or `python -m rcm_claims`.
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ARG UV_VERSION=0.13.9
ENV UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/app/venv
RUN python -m venv /opt/uv && /opt/uv/bin/pip install --no-cache-dir --disable-pip-version-check uv==${UV_VERSION}
WORKDIR /src
# The lock and every member's pyproject first: the dependency layer is rebuilt only when they change.
COPY pyproject.toml uv.lock ./
COPY shared shared
COPY services services
COPY tools tools
RUN /opt/uv/bin/uv sync --frozen --no-dev --all-packages --no-editable
# The ICD-10-CM lookup table is derived once per release (rcm_codesets.icd10cm_table); do it here, not at start.
ENV RCM_CACHE_DIR=/app/cache
RUN /app/venv/bin/python -c "from rcm_codesets.icd10cm import normalize_icd10cm, _table; _table()"

FROM ${PYTHON_IMAGE}
RUN groupadd --gid 10001 rcm && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin rcm \
 && mkdir -p /var/run/rcm/phi-keys && chown 10001:10001 /var/run/rcm/phi-keys && chmod 0700 /var/run/rcm/phi-keys
COPY --from=build /app /app
ENV PATH=/app/venv/bin:$PATH RCM_CACHE_DIR=/app/cache PYTHONUNBUFFERED=1 RCM_PHI_KEYS_DIR=/var/run/rcm/phi-keys
USER 10001
EXPOSE 8080
# Inline, not a module of ours: importing the rcm_platform package costs seconds of CPU, every 5 s.
HEALTHCHECK --interval=5s --timeout=4s --start-period=30s --retries=6 CMD ["python", "-c", \
  "import os, urllib.request as r; r.urlopen('http://127.0.0.1:%s/health/ready' % os.environ.get('RCM_HEALTH_PORT', '8080'), timeout=3)"]
ENTRYPOINT ["python", "-m", "rcm_platform.container"]
