# syntax=docker/dockerfile:1
#
# The Packline image: the API (`packline serve`, the default command), the worker (`packline worker`) and the
# one-shot migration (`packline migrate`) all run from it. The dashboard's production build is baked in when
# frontend/package.json exists; without a frontend the image is built all the same and serves the API alone.
#
#   docker build -t packline .
#   docker compose up --build        (see docker-compose.yml)

ARG PYTHON_IMAGE=python:3.11-slim
ARG NODE_IMAGE=node:20-slim

# ---------------------------------------------------------------------------------------------------------------
# Dashboard. COPY fails on a missing path, so the whole (.dockerignore'd) context is copied and the frontend,
# when there is one, is picked out with a shell test. Only what the build needs leaves this stage, so the
# stages below stay cached while files outside frontend/ change (BuildKit caches COPY --from by content).
FROM ${NODE_IMAGE} AS frontend-context
WORKDIR /context
COPY . .
RUN set -eu; \
    mkdir -p /out/frontend /deps/frontend; \
    if [ -f frontend/package.json ]; then \
      cp -a frontend/. /out/frontend/; \
      cp frontend/package.json /deps/frontend/; \
      if [ -f frontend/package-lock.json ]; then cp frontend/package-lock.json /deps/frontend/; fi; \
      if [ -f schema.graphql ]; then cp schema.graphql /out/; fi; \
    fi

FROM ${NODE_IMAGE} AS frontend
WORKDIR /build/frontend
# Dependencies first: reinstalled only when package.json or package-lock.json change.
COPY --from=frontend-context /deps/frontend/ ./
RUN set -eu; if [ -f package.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
# Then the sources (and ../schema.graphql, for a build that generates types from it).
COPY --from=frontend-context /out/ /build/
RUN set -eu; if [ -f package.json ]; then npm run build; fi; mkdir -p dist

# ---------------------------------------------------------------------------------------------------------------
# Python packages, installed into a virtualenv that the runtime stage copies whole.
FROM ${PYTHON_IMAGE} AS python-build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# Pinned dependencies first, so that a code change does not reinstall them.
COPY requirements.txt /src/requirements.txt
RUN pip install -r /src/requirements.txt
COPY . /src
RUN pip install --no-deps /src && packline --help >/dev/null

# ---------------------------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

RUN groupadd --system --gid 10001 packline \
 && useradd --system --uid 10001 --gid packline --home-dir /app --no-create-home --shell /usr/sbin/nologin packline

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PACKLINE_SPA_DIST=/app/frontend/dist

WORKDIR /app
COPY --from=python-build /opt/venv /opt/venv
# Empty when there is no frontend: the API then answers / with a "dashboard not built" page.
COPY --from=frontend /build/frontend/dist /app/frontend/dist

USER 10001:10001
EXPOSE 8000
CMD ["packline", "serve", "--host", "0.0.0.0"]
