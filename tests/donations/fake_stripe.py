"""A small Stripe-compatible HTTP server on loopback for the endpoints the site calls.

localstripe does not answer /v1/checkout/sessions or /v1/billing_portal/sessions, so this serves
those, /v1/invoice_payments and the cancelling of a subscription from Stripe's documented
request and response shapes: form-encoded parameters with bracketed keys, a Bearer secret key,
idempotency keys that return the first response again, JSON errors in Stripe's envelope. The
official SDK talks to it over real HTTP (settings.STRIPE_API_BASE)."""

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SECRET_KEY = "sk_test_fake_min"


class FakeStripe(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests = []  # (method, path, idempotency key, flat form parameters)
        self.responses = {}  # idempotency key → response body
        self.sessions = {}
        self.invoice_payments = {}  # payment intent → invoice, as Stripe pays monthly invoices
        self.subscriptions = {}  # id → status

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def checkout_sessions(self):
        return [
            params
            for method, path, _key, params in self.requests
            if path == "/v1/checkout/sessions"
        ]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", f"req_{secrets.token_hex(6)}")
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        if self.headers.get("Authorization") == f"Bearer {SECRET_KEY}":
            return True
        self.send_json(
            401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}
        )
        return False

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path.startswith(("/checkout/", "/portal/")):
            checkout = url.path.startswith("/checkout/")
            title = "Stripe Checkout" if checkout else "Stripe Kundenportal"
            page = f"<!DOCTYPE html><title>{title} (Test)</title><h1>{title}</h1>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        if url.path == "/v1/invoice_payments" and self.authorised():
            query = dict(parse_qsl(url.query))
            self.server.requests.append(("GET", url.path, None, query))
            payment_intent = query.get("payment[payment_intent]")
            invoice = self.server.invoice_payments.get(payment_intent)
            data = [
                {
                    "id": f"inpay_{secrets.token_hex(8)}",
                    "object": "invoice_payment",
                    "invoice": invoice,
                    "is_default": True,
                    "status": "paid",
                    "payment": {"type": "payment_intent", "payment_intent": payment_intent},
                }
            ]
            self.send_json(
                200,
                {
                    "object": "list",
                    "url": "/v1/invoice_payments",
                    "has_more": False,
                    "data": data if invoice else [],
                },
            )
            return
        self.send_json(404, {"error": {"type": "invalid_request_error", "message": "Unknown"}})

    def do_POST(self):
        server = self.server
        if not self.authorised():
            return
        length = int(self.headers.get("Content-Length") or 0)
        params = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
        key = self.headers.get("Idempotency-Key")
        server.requests.append(("POST", self.path, key, params))
        if key and key in server.responses:
            self.send_json(200, server.responses[key])
            return
        if self.path == "/v1/billing_portal/sessions":
            session_id = f"bps_{secrets.token_hex(12)}"
            self.send_json(
                200,
                {
                    "id": session_id,
                    "object": "billing_portal.session",
                    "customer": params.get("customer"),
                    "locale": params.get("locale"),
                    "return_url": params.get("return_url"),
                    "url": f"{server.url}/portal/{session_id}",
                    "livemode": False,
                },
            )
            return
        if self.path != "/v1/checkout/sessions":
            self.send_json(
                404,
                {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}},
            )
            return
        session_id = f"cs_test_{secrets.token_hex(12)}"
        body = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "currency": "eur",
            "amount_total": int(params.get("line_items[0][price_data][unit_amount]", 0)),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{server.url}/checkout/{session_id}",
            "livemode": False,
        }
        server.sessions[session_id] = body
        if key:
            server.responses[key] = body
        self.send_json(200, body)

    def do_DELETE(self):
        """Cancelling a subscription: a cancelled one is "No such subscription" to Stripe."""
        server = self.server
        if not self.authorised():
            return
        server.requests.append(("DELETE", self.path, None, {}))
        subscription = self.path.removeprefix("/v1/subscriptions/")
        if server.subscriptions.get(subscription) != "active":
            self.send_json(
                404,
                {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "resource_missing",
                        "param": "id",
                        "message": f"No such subscription: '{subscription}'",
                    }
                },
            )
            return
        server.subscriptions[subscription] = "canceled"
        self.send_json(200, {"id": subscription, "object": "subscription", "status": "canceled"})


def start():
    server = FakeStripe()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
