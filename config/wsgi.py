import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What the server loaded (Django, Wagtail, the site's code: most objects a worker ever holds)
# stays: the garbage collector stops walking it on every full collection, which otherwise
# cost an uncached page some milliseconds each time one fell into it.
gc.collect()
gc.freeze()
