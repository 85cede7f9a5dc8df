"""What the Stripe side tells the books (books/signal_handlers.py) without knowing them: sent
inside the transaction that records the change, so the books' answer commits or rolls back
with it."""

from django.dispatch import Signal

# Money a payment brought went back, wholly or partly (a refund, a dispute opened or lost):
# payment, reason (German, for Finance). A receipt that certified it must be corrected.
money_returned = Signal()
# A dispute was won, the money stayed: payment, reason (as sent with money_returned). The
# receipt flagged for that reason is right after all.
money_kept = Signal()
