from django_tasks import task

from . import privacy


@task()
def purge_personal_data():
    """What `manage.py privacy purge` does, for a scheduler that enqueues tasks."""
    return privacy.purge()
