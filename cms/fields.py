from django.db import models


def page_link(verbose_name, **options):
    """An optional link to any page that survives the page's deletion by becoming empty."""
    options.setdefault("related_name", "+")
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        **options,
    )
