# The site's image: gunicorn serving the web app; the same image runs the tasks worker
# (`python manage.py db_worker`). See docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/static \
    MEDIA_ROOT=/app/media

WORKDIR /app
COPY . .
RUN pip install --no-cache-dir ".[s3]" \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v0 \
    && useradd --system --uid 1000 --home /app min \
    && mkdir -p /app/media && chown min /app/media

USER min
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--forwarded-allow-ips", "*"]
