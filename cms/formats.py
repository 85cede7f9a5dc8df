"""German number formats the whole site shares, both ways: amounts as people read them and as
they type them."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format


def euros(amount, cents=False):
    """ "25 €", "25,50 €", "1.234,56 €"; with cents, whole amounts too: "25,00 €"."""
    places = 2 if cents or amount != int(amount) else 0
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)} €"


def parse_euros(text):
    """An amount as people type it: "25", "25,50", "1.234,56", "25.50", "€ 25". None when it is
    no amount."""
    text = re.sub(r"[\s€]|EUR", "", text or "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # German thousands: "1.234"
    if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
