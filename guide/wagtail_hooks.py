from wagtail import hooks

from .models import department_url

# Organisations link to their department page in the guide without knowing the guide.
hooks.register("department_page_url", department_url)
