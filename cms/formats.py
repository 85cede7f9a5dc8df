"""German number formats the whole site shares."""

from django.utils.formats import number_format


def euros(amount, cents=False):
    """ "25 €", "25,50 €", "1.234,56 €"; with cents, whole amounts too: "25,00 €"."""
    places = 2 if cents or amount != int(amount) else 0
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)} €"
