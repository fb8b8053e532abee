# Rota service image: slim Python, non-root user, migrations before serving, health check.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ROTA_DATABASE_URL=sqlite:////data/rota.db \
    ROTA_SECRET_KEY_FILE=/run/secrets/rota_secret_key

WORKDIR /srv/rota
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY solver ./solver
COPY staffing_math ./staffing_math
COPY templates ./templates
COPY static ./static
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /srv/rota rota \
    && mkdir -p /data && chown rota /data

USER rota
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"

# The server refuses the default secret key: pass ROTA_SECRET_KEY, or mount a secret at
# /run/secrets/rota_secret_key (docker/compose secrets put it there).
# Migrations run once before the server starts, so several replicas never race on them.
CMD ["sh", "-c", "rota db upgrade && exec rota serve --host 0.0.0.0 --port 8000"]
