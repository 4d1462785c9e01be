# Production image: one image for web (ASGI), Celery worker and Celery beat.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --omit=dev --no-audit --no-fund
COPY . .
# Static files are collected into the image; the throw-away keys exist only for this step.
RUN DESK_ENV=production DESK_VAR_DIR=/tmp/build-var \
    DESK_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DESK_PII_KEYS="build:$(python -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')" \
    DESK_PII_HASH_KEY="$(python -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')" \
    python manage.py collectstatic --noinput
RUN useradd --system --home /app desk && mkdir -p /app/var && chown -R desk /app/var
USER desk
EXPOSE 8000
CMD ["uvicorn", "desk.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
