"""Amounts in German words, as a donation receipt states them ("in Buchstaben")."""

from decimal import ROUND_HALF_UP, Decimal

ONES = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
        "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
        "achtzehn", "neunzehn"]  # fmt: skip
TENS = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
        "neunzig"]  # fmt: skip


def below_thousand(number):
    """1 to 999 as one word: "eins", "einundzwanzig", "einhundertsechsundvierzig"."""
    hundreds, rest = divmod(number, 100)
    words = f"{'ein' if hundreds == 1 else ONES[hundreds]}hundert" if hundreds else ""
    if rest < 20:
        return words + (ONES[rest] if rest else "")
    tens, ones = divmod(rest, 10)
    unit = f"{'ein' if ones == 1 else ONES[ones]}und" if ones else ""
    return words + unit + TENS[tens]


def number_in_words(number):
    """A whole number from 0 to 999,999,999: "eintausendzweihundertsechsundvierzig"."""
    if not 0 <= number < 1_000_000_000:
        raise ValueError(f"{number} is out of range")
    if number == 0:
        return "null"
    millions, rest = divmod(number, 1_000_000)
    thousands, ones = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append("eine Million" if millions == 1 else f"{below_thousand(millions)} Millionen")
    words = ""
    if thousands:
        words += f"{'ein' if thousands == 1 else below_thousand(thousands)}tausend"
    if ones:
        words += below_thousand(ones)
    if words:
        parts.append(words)
    return " ".join(parts)


def before_noun(words):
    """ "eins" becomes "ein" before a noun: "ein Euro", "einhundertein Euro"."""
    return words[:-1] if words.endswith("eins") else words


def euros_in_words(amount):
    """Decimal("1234.56") → "eintausendzweihundertvierunddreißig Euro und sechsundfünfzig
    Cent"."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    euros, cents = divmod(int(amount * 100), 100)
    words = f"{before_noun(number_in_words(euros))} Euro"
    if cents:
        words += f" und {before_noun(number_in_words(cents))} Cent"
    return words
