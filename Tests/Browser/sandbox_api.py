"""A small client of the sandbox's Dintero API and control API, for setting up what the browser then shows."""

import json
import urllib.error
import urllib.request
from base64 import b64encode


class SandboxAPI:
    """Talks to one running sandbox at `base` (e.g. http://localhost:8080) as the standard account."""

    def __init__(self, base, account="T12345678", client="sandbox", secret="sandbox-secret"):
        self.base = base.rstrip("/")
        self.account = account
        basic = b64encode(f"{client}:{secret}".encode()).decode()
        answer = self.request(
            "POST", f"/v1/accounts/{account}/auth/token",
            {"grant_type": "client_credentials", "audience": f"{self.base}/v1/accounts/{account}"},
            headers={"Authorization": "Basic " + basic})
        self.token = answer["access_token"]

    def request(self, method, path, body=None, headers=None, expect=(200,)):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if headers is None or "Authorization" not in headers:
            request.add_header("Authorization", "Bearer " + getattr(self, "token", ""))
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        assert status in expect, f"{method} {path} -> {status}: {text}"
        return json.loads(text) if text else None

    def create_session(self, return_url, reference="order-1001", amount=123450, billing=None, configuration=None,
                       items=None, callback_url=None):
        order = {
            "amount": amount, "currency": "NOK", "vat_amount": amount // 5, "merchant_reference": reference,
            "items": items or [
                {"id": "consulting", "line_id": "1", "description": "Consulting hours", "quantity": 2,
                 "amount": amount - 23450, "vat": 25},
                {"id": "travel", "line_id": "2", "description": "Travel", "quantity": 1, "amount": 23450, "vat": 25},
            ],
        }
        if billing is not None:
            order["billing_address"] = billing
        url = {"return_url": return_url}
        if callback_url is not None:
            url["callback_url"] = callback_url
        body = {"url": url, "order": order, "profile_id": "default"}
        if configuration is not None:
            body["configuration"] = configuration
        return self.request("POST", "/v1/sessions-profile", body)["id"]

    def complete(self, sid, scenario=None, payment_type="kravia.invoice_b2c"):
        """The customer's checkout through the control API (`POST /__sandbox/sessions/{id}/complete`)."""
        body = {"payment_product_type": payment_type, "billing_address": CONSUMER}
        if scenario is not None:
            body["scenario"] = scenario
        return self.request("POST", f"/__sandbox/sessions/{sid}/complete", body)["transaction"]

    def control(self, method, path, body=None, expect=(200,), admin_token=None):
        """A control API call (`/__sandbox/...`), with the admin token when the sandbox has one."""
        headers = {"Authorization": "Bearer " + admin_token} if admin_token else None
        return self.request(method, path, body, headers=headers, expect=expect)

    def session(self, sid):
        return self.request("GET", f"/v1/sessions/{sid}")

    def transaction(self, tid):
        return self.request("GET", f"/v1/transactions/{tid}")

    def update_order(self, sid, order):
        return self.request("PUT", f"/v1/sessions/{sid}", {"order": order})


CONSUMER = {
    "first_name": "Ola", "last_name": "Nordmann", "email": "ola@example.com", "address_line": "Gate 1",
    "postal_code": "0150", "postal_place": "Oslo", "country": "NO", "phone_number": "+4799999999",
}


def only(*types):
    """`configuration.kravia` with just these payment types enabled (`invoice_b2c`, ...), BankID as configured."""
    return {"kravia": {name: {"enabled": name in types} for name in ("invoice_b2b", "invoice_b2b_grouped", "invoice_b2c")}}
