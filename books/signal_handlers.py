"""Every receiver of the books app, connected in one place (BooksConfig.ready)."""

from donations.signals import money_kept, money_returned

from .receipts import clear_flag, flag_receipt


def receipt_to_correct(sender, payment, reason, **kwargs):
    flag_receipt(payment, reason)


def receipt_right_after_all(sender, payment, reason, **kwargs):
    clear_flag(payment, reason)


def register_signal_handlers():
    # Money went back at Stripe (a refund, a dispute): the receipt that certified it is flagged.
    money_returned.connect(receipt_to_correct, dispatch_uid="books.receipt_to_correct")
    # A dispute won: the flag it set goes.
    money_kept.connect(receipt_right_after_all, dispatch_uid="books.receipt_right_after_all")
