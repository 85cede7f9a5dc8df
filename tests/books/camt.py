"""camt.053 bank statements as German banks write them, built for the tests.

Three shapes: "sparkasse" (camt.053.001.02, party names directly under Dbtr, the bank's
reference on the entry, a GVC in the proprietary code), "volksbank" (camt.053.001.08, names
under Dbtr/Pty, the reference on each transaction, the remittance text over several Ustrd
lines), and "plain" (camt.053.001.02 without any bank reference, as some direct banks send:
lines are known by what they say)."""

import itertools
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile

ACCOUNT = "DE02701500000000594937"  # the alliance's account (Stadtsparkasse München)
NAMESPACES = {
    "sparkasse": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02",
    "volksbank": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08",
    "plain": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02",
}
_references = itertools.count(1)


def credit(amount, name="", iban="", text="", day="2026-11-03", **more):
    return {"amount": amount, "name": name, "iban": iban, "text": text, "day": day, **more}


def party(shape, role, name, iban):
    if shape == "volksbank":
        named = f"<{role}><Pty><Nm>{escape(name)}</Nm></Pty></{role}>"
    else:
        named = f"<{role}><Nm>{escape(name)}</Nm></{role}>"
    account = f"<{role}Acct><Id><IBAN>{iban}</IBAN></Id></{role}Acct>" if iban else ""
    return named + account


def transaction(shape, line, credit_line, reference):
    other, us = ("Dbtr", "Cdtr") if credit_line else ("Cdtr", "Dbtr")
    parties = party(shape, other, line["name"], line["iban"]) + party(
        shape, us, "Münchner Initiative Nachhaltigkeit", ACCOUNT
    )
    if shape == "volksbank":
        text = line["text"]
        ustrd = "".join(
            f"<Ustrd>{escape(text[i : i + 35])}</Ustrd>" for i in range(0, len(text), 35)
        )
    else:
        ustrd = f"<Ustrd>{escape(line['text'])}</Ustrd>"
    refs = f"<EndToEndId>{line.get('end_to_end', 'NOTPROVIDED')}</EndToEndId>"
    if shape == "volksbank":
        refs = f"<AcctSvcrRef>{reference}</AcctSvcrRef>" + refs
    amount = (
        f'<Amt Ccy="{line.get("currency", "EUR")}">{line["amount"]}</Amt>'
        if "batch" in line
        else ""
    )
    returned = (
        f"<RtrInf><Rsn><Cd>{line['return_reason']}</Cd></Rsn></RtrInf>"
        if "return_reason" in line
        else ""
    )
    return (
        f"<TxDtls><Refs>{refs}</Refs>{amount}<RltdPties>{parties}</RltdPties>"
        f"<RmtInf>{ustrd}</RmtInf>{returned}</TxDtls>"
    )


def entry(shape, line):
    reference = f"2026110{next(_references):07d}"
    credit_line = not line.get("debit")
    lines = line.get("batch") or [line]
    total = sum(Decimal(str(item["amount"])) for item in lines)
    status = line.get("status", "BOOK")
    status_xml = f"<Sts><Cd>{status}</Cd></Sts>" if shape == "volksbank" else f"<Sts>{status}</Sts>"
    code = line.get("gvc", "166" if credit_line else "116")
    return (
        "<Ntry>"
        + (f"<NtryRef>{reference}</NtryRef>" if shape != "plain" else "")
        + f'<Amt Ccy="{line.get("currency", "EUR")}">{total:.2f}</Amt>'
        + f"<CdtDbtInd>{'CRDT' if credit_line else 'DBIT'}</CdtDbtInd>"
        + ("<RvslInd>true</RvslInd>" if line.get("reversal") else "")
        + status_xml
        + f"<BookgDt><Dt>{line['day']}</Dt></BookgDt><ValDt><Dt>{line['day']}</Dt></ValDt>"
        + (f"<AcctSvcrRef>{reference}</AcctSvcrRef>" if shape == "sparkasse" else "")
        + f"<BkTxCd><Prtry><Cd>NTRF+{code}+0000</Cd><Issr>DK</Issr></Prtry></BkTxCd>"
        + "<NtryDtls>"
        + "".join(transactions(shape, line, lines, credit_line, reference))
        + "</NtryDtls></Ntry>"
    )


def transactions(shape, line, lines, credit_line, reference):
    batch = {"batch": True} if "batch" in line else {}
    for index, item in enumerate(lines):
        yield transaction(shape, {**item, **batch}, credit_line, f"{reference}-{index}")


def statement(lines, shape="sparkasse", message="STMT-2026-11-03", currency="EUR"):
    """The XML of one statement with these lines (dicts from credit())."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Document xmlns="{NAMESPACES[shape]}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{message}</MsgId><CreDtTm>2026-11-04T06:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{message}-1</Id><ElctrncSeqNb>211</ElctrncSeqNb>"
        f"<Acct><Id><IBAN>{ACCOUNT}</IBAN></Id><Ccy>{currency}</Ccy>"
        "<Ownr><Nm>Münchner Initiative Nachhaltigkeit</Nm></Ownr></Acct>"
        + "".join(entry(shape, line) for line in lines)
        + "</Stmt></BkToCstmrStmt></Document>"
    )


def upload(xml, name="auszug.xml"):
    return SimpleUploadedFile(name, xml.encode() if isinstance(xml, str) else xml)
