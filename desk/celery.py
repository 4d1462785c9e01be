"""The Celery application.

Tasks are declared in each app's ``tasks.py`` with explicit names. In the embedded mode
``CELERY_TASK_ALWAYS_EAGER`` makes ``apply_async`` run tasks in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")

app = Celery("desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
