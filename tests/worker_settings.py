"""Settings of the worker processes in tests/workers.py: the test settings, with the
database task queue as production has it and a mail backend that takes its time."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = "tests.slow_mail.EmailBackend"
NEWSLETTER_RUNNER_TIMEOUT = 2
