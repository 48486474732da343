import KraviaEngine
import SandboxSupport

/// Request bodies shaped like the seeds' examples.
enum Samples {
    static func sessionProfileBody(amount: Int = 50000, reference: String = "order-123") -> JSONValue {
        [
            "url": ["return_url": "https://example.com/accept", "callback_url": "https://example.com/callback"],
            "order": [
                "amount": JSONValue(amount), "currency": "NOK", "vat_amount": JSONValue(amount / 5),
                "merchant_reference": .string(reference),
                "items": [
                    [
                        "amount": JSONValue(amount), "quantity": 1, "line_id": "1",
                        "description": "Consulting services",
                        "vat": 25, "id": "item-1",
                    ]
                ],
            ],
            "profile_id": "default",
        ]
    }

    static let consumerAddress: JSONValue = [
        "first_name": "Ola", "last_name": "Nordmann", "address_line": "Storgata 1", "postal_code": "0151",
        "postal_place": "Oslo", "country": "NO", "phone_number": "+4799999999", "email": "ola@nordmann.no",
    ]

    static var businessAddress: JSONValue {
        var address = consumerAddress
        address["business_name"] = "Nordmann AS"
        address["organization_number"] = "123456789"
        return address
    }
}
