"""The bank account on the donation page: the IBAN checked as banks check it (ISO 13616:
mod 97, each country's length) and the EPC QR code ("GiroCode") German banking apps scan to
fill in a transfer."""

import io

import segno
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException


def valid_iban(value):
    """The IBAN in its compact form, or "" for anything that is not one (schwifty checks the
    country's length and bank code besides the checksum)."""
    try:
        return IBAN(value).compact
    except (SchwiftyException, ValueError, TypeError):
        return ""


def validate_iban(value):
    if value.strip() and not valid_iban(value):
        raise ValidationError(_("This is not a valid IBAN."))


def girocode(page, amount=None):
    """A transfer to the page's account with the suggested reference, and the amount if one is
    given (without, the banking app asks for it), as an EPC QR code: the European Payments
    Council's "Quick Response Code" guideline, version 002, UTF-8, error correction M."""
    lines = [
        "BCD", "002", "1", "SCT",
        page.bic.replace(" ", "").upper(),
        page.account_holder[:70],
        page.iban.replace(" ", "").upper(),
        f"EUR{amount:.2f}" if amount else "",
        "",  # purpose code
        "",  # structured reference: none, the text below instead
        page.reference[:140],
    ]  # fmt: skip
    return segno.make_qr("\n".join(lines), error="m", encoding="utf-8", boost_error=False)


def girocode_svg(page, amount=None):
    """The GiroCode as SVG markup, to stand in the page as it is."""
    out = io.BytesIO()
    girocode(page, amount).save(
        out, kind="svg", scale=4, xmldecl=False, svgns=True, title="GiroCode", nl=False
    )
    return out.getvalue().decode()
