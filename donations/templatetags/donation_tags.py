from django import template

from donations.forms import euros as format_euros

register = template.Library()


@register.filter
def euros(amount, cents=False):
    """German euros: {{ amount|euros }} → "25 €", {{ amount|euros:True }} → "25,00 €"."""
    return "" if amount is None else format_euros(amount, cents=cents)
