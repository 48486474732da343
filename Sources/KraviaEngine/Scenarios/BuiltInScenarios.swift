/// The scenarios every sandbox has, compiled in so a copied binary works without `Scenarios/`.
///
/// Each text is byte-for-byte the file of the same name in the repository's `Scenarios/` folder
/// (`ScenarioCatalogTests` fails when they drift apart): edit both together.
enum BuiltInScenarios {
    /// File name and text, in the order `GET /__sandbox/scenarios` lists them.
    static let files: [(name: String, text: String)] = [
        (
            "happy-path.json",
            #"""
            {
              "name": "happy-path",
              "description": "The default: the invoice is registered and the transaction CAPTURED at once; the customer pays in full at noon on the due date; the transaction is SETTLED after the settlement delay (P2D unless configured otherwise).",
              "timeline": [
                { "after": "PT12H", "from": "due_date", "action": "pay", "percent": 100 }
              ]
            }

            """#
        ),
        (
            "bankid-failure.json",
            #"""
            {
              "name": "bankid-failure",
              "description": "BankID refuses the customer whatever they answer: no transaction, return_url gets error=authorization, a callback only with report_error=true.",
              "bankid": "reject",
              "match": { "email": "*@bankid-failure.example" }
            }

            """#
        ),
        (
            "bankid-cancelled.json",
            #"""
            {
              "name": "bankid-cancelled",
              "description": "The customer cancels the BankID step: no transaction, return_url gets error=cancelled, a callback only with report_error=true.",
              "bankid": "cancel",
              "match": { "email": "*@bankid-cancelled.example" }
            }

            """#
        ),
        (
            "on-hold-then-captured.json",
            #"""
            {
              "name": "on-hold-then-captured",
              "description": "Kravia holds the invoice for review: the transaction starts ON_HOLD, is released to CAPTURED an hour later (a second callback), then paid in full on the due date and SETTLED.",
              "registration": { "outcome": "ON_HOLD" },
              "timeline": [
                { "after": "PT1H", "action": "release", "to": "CAPTURED" },
                { "after": "PT12H", "from": "due_date", "action": "pay", "percent": 100 }
              ],
              "match": { "email": "*@on-hold.example" }
            }

            """#
        ),
        (
            "on-hold-then-failed.json",
            #"""
            {
              "name": "on-hold-then-failed",
              "description": "Kravia holds the invoice for review and rejects it an hour later: ON_HOLD, then FAILED (a second callback); no invoice is ever issued.",
              "registration": { "outcome": "ON_HOLD" },
              "timeline": [
                {
                  "after": "PT1H",
                  "action": "release",
                  "to": "FAILED",
                  "reason": { "code": "CREDIT_CHECK_FAILED", "message": "Kravia declined the invoice after manual review" }
                }
              ],
              "match": { "email": "*@on-hold-failed.example" }
            }

            """#
        ),
        (
            "registration-failed.json",
            #"""
            {
              "name": "registration-failed",
              "description": "Kravia rejects the registration: the transaction is FAILED at once with a failed CAPTURE event, and return_url gets error=failed.",
              "registration": {
                "outcome": "FAILED",
                "reason": { "code": "REGISTRATION_FAILED", "message": "Kravia rejected the invoice" }
              },
              "match": { "email": "*@registration-failed.example" }
            }

            """#
        ),
        (
            "partial-payment.json",
            #"""
            {
              "name": "partial-payment",
              "description": "The customer pays 40 % five days after the purchase and nothing more: the transaction stays CAPTURED with kravia:amount_paid and kravia:amount_due showing the rest (pay it with POST /__sandbox/invoices/{number}/payments).",
              "timeline": [
                { "after": "P5D", "action": "pay", "percent": 40 }
              ]
            }

            """#
        ),
        (
            "multiple-payments.json",
            #"""
            {
              "name": "multiple-payments",
              "description": "The customer pays in three instalments, 50 %, 30 % and 20 %, three, seven and ten days after the purchase; the last one settles the transaction after the settlement delay.",
              "timeline": [
                { "after": "P3D", "action": "pay", "percent": 50 },
                { "after": "P7D", "action": "pay", "percent": 30 },
                { "after": "P10D", "action": "pay", "percent": 20 }
              ]
            }

            """#
        ),
        (
            "unpaid.json",
            #"""
            {
              "name": "unpaid",
              "description": "Registered and CAPTURED, and the customer never pays: for tests that pay through POST /__sandbox/invoices/{number}/payments themselves.",
              "timeline": []
            }

            """#
        ),
        (
            "callback-chaos.json",
            #"""
            {
              "name": "callback-chaos",
              "description": "The happy path with unreliable callbacks: every delivery is five seconds late, sent three times, and a transaction's deliveries may arrive out of order.",
              "callbacks": { "extra_delay": "PT5S", "duplicates": 2, "reorder": true, "wrong_signature": false },
              "timeline": [
                { "after": "PT12H", "from": "due_date", "action": "pay", "percent": 100 }
              ]
            }

            """#
        ),
        (
            "api-faults.json",
            #"""
            {
              "name": "api-faults",
              "description": "The happy path with a flaky API: the first refund call for each transaction answers 503 (retry it: the next succeeds).",
              "api_faults": [
                {
                  "method": "POST",
                  "path": "/v1/transactions/*/refund",
                  "status": 503,
                  "message": "Kravia is temporarily unavailable; retry the refund",
                  "times": 1,
                  "counter": "transaction"
                }
              ],
              "timeline": [
                { "after": "PT12H", "from": "due_date", "action": "pay", "percent": 100 }
              ]
            }

            """#
        ),
    ]
}
