"""Dintero's Python SDK (PyPI `dintero`) against a sandbox started with `--kravia-lifecycle authorized`.

Run by KraviaSandboxCLITests.PythonSDKTests: `python3 python_sdk_lifecycle.py BASE_URL`. Prints one line per
check and exits non-zero on the first that fails.
"""
import json
import sys
import urllib.request

import dintero
from dintero.error import InvalidRequestBody

base = sys.argv[1]
sdk = dintero.Checkout(base, base, "T12345678", "sandbox", "sandbox-secret", "kravia-sandbox-tests", "1.0")
items = [{"id": "item-1", "line_id": "1", "description": "Consulting", "quantity": 1, "amount": 50000, "vat": 25}]
billing = {
    "first_name": "Ola", "last_name": "Nordmann", "business_name": "Nordmann AS",
    "organization_number": "123456789", "address_line": "Storgata 1", "postal_code": "0151",
    "postal_place": "Oslo", "country": "NO", "phone_number": "+4799999999", "email": "ola@nordmann.no",
}


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        sys.exit(1)


def checkout(channel):
    """A session through the SDK, completed as the customer would; returns the transaction id."""
    session = sdk.create_session({
        "url": {"return_url": "https://shop.example/return"},
        "order": {"amount": 50000, "currency": "NOK", "vat_amount": 10000, "merchant_reference": "sdk-" + channel,
                  "items": items},
        "configuration": {"kravia": {"type": "payment_type", "invoice_b2b": {
            "type": "payment_product_type", "enabled": True, "days_until_due": 14, "invoice_channel": channel}}},
    })
    request = urllib.request.Request(
        base + "/__sandbox/sessions/" + session["id"] + "/complete", method="POST",
        headers={"Content-Type": "application/json"},
        data=json.dumps({"payment_product_type": "kravia.invoice_b2b", "billing_address": billing,
                         "scenario": "unpaid"}).encode())
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)["transaction"]["id"]


delivered_by_merchant = checkout("merchant")
transaction = sdk.get_transaction(delivered_by_merchant)
check(transaction["status"] == "AUTHORIZED", "registered AUTHORIZED")
check([e["event"] for e in transaction["events"]] == ["AUTHORIZE"], "no collection before the merchant's capture")
captured = sdk.capture_transaction(delivered_by_merchant, 50000, items, capture_reference="delivered-1")
check(captured["status"] == "AUTHORIZED", "capture_transaction keeps AUTHORIZED")
check(captured["events"][-1]["event"] == "INITIATE_CAPTURE", "capture_transaction starts collection")

voided = sdk.void_transaction(checkout("kravia"))
check(voided["status"] == "AUTHORIZATION_VOIDED", "void_transaction voids")
check(voided["events"][-1]["event"] == "VOID", "with a VOID event")

try:
    sdk.refund_transaction(delivered_by_merchant, 100, items)
    check(False, "refund_transaction is refused")
except InvalidRequestBody as error:
    check("void" in error.body, "refund_transaction is refused, naming void")
