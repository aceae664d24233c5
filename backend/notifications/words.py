"""What the notifications say, in German and English (a merchant's mails speak the merchant's language)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "subject.new_order": "New order {number}",
        "subject.new_order_digest": "{count} new order(s)",
        "subject.order_on_hold": "Order {number} is on hold",
        "subject.backorder": "Order {number} is waiting for stock",
        "subject.order_receipt": "Your order {number} at {merchant}",
        "subject.shipped": "Your order {number} is on its way",
        "subject.ready_for_pickup": "Your order {number} is ready for pickup",
        "subject.delivered": "Your order {number} has arrived",
        "intro.new_order": "A new order has come in.",
        "intro.new_order_digest": "These orders came in since the last summary.",
        "intro.order_on_hold": "An order was put on hold and waits for you.",
        "intro.backorder": "Not everything of this order is in stock; it ships once the stock arrives.",
        "intro.order_receipt": "Thank you for your order. We have received it and will send it soon.",
        "intro.shipped": "Good news: a parcel of your order has left our warehouse.",
        "intro.ready_for_pickup": "Your order is packed and waits for you at the pickup counter.",
        "intro.delivered": "The carrier reports that your parcel was delivered.",
        "hello": "Hello {name},",
        "hello_anonymous": "Hello,",
        "order": "Order",
        "customer": "Customer",
        "total": "Total",
        "payment": "Payment",
        "product": "Product",
        "quantity": "Qty",
        "price": "Price",
        "reason": "Reason",
        "missing": "Missing",
        "units": "{units} unit(s)",
        "ship_to": "Ship to",
        "parcel": "Parcel",
        "carrier": "Carrier",
        "tracking_number": "Tracking number",
        "track": "Track your parcel",
        "bring_number": "Please bring your order number {number} when you come.",
        "regards": "Kind regards",
        "sent_for": "Sent by Packline on behalf of {merchant}.",
    },
    "de": {
        "subject.new_order": "Neue Bestellung {number}",
        "subject.new_order_digest": "{count} neue Bestellung(en)",
        "subject.order_on_hold": "Bestellung {number} angehalten",
        "subject.backorder": "Bestellung {number} wartet auf Ware",
        "subject.order_receipt": "Ihre Bestellung {number} bei {merchant}",
        "subject.shipped": "Ihre Bestellung {number} ist unterwegs",
        "subject.ready_for_pickup": "Ihre Bestellung {number} liegt zur Abholung bereit",
        "subject.delivered": "Ihre Bestellung {number} ist angekommen",
        "intro.new_order": "Eine neue Bestellung ist eingegangen.",
        "intro.new_order_digest": "Diese Bestellungen sind seit der letzten Übersicht eingegangen.",
        "intro.order_on_hold": "Eine Bestellung wurde angehalten und wartet auf Sie.",
        "intro.backorder": "Nicht alles aus dieser Bestellung ist auf Lager; sie geht raus, sobald die Ware da ist.",
        "intro.order_receipt": "Vielen Dank für Ihre Bestellung. Wir haben sie erhalten und versenden sie bald.",
        "intro.shipped": "Gute Nachricht: Ein Paket Ihrer Bestellung hat unser Lager verlassen.",
        "intro.ready_for_pickup": "Ihre Bestellung ist verpackt und liegt an der Abholtheke für Sie bereit.",
        "intro.delivered": "Der Zusteller meldet, dass Ihr Paket zugestellt wurde.",
        "hello": "Hallo {name},",
        "hello_anonymous": "Hallo,",
        "order": "Bestellung",
        "customer": "Kunde",
        "total": "Summe",
        "payment": "Zahlung",
        "product": "Artikel",
        "quantity": "Menge",
        "price": "Preis",
        "reason": "Grund",
        "missing": "Fehlt",
        "units": "{units} Stück",
        "ship_to": "Lieferadresse",
        "parcel": "Paket",
        "carrier": "Versanddienstleister",
        "tracking_number": "Sendungsnummer",
        "track": "Sendung verfolgen",
        "bring_number": "Bitte nennen Sie bei der Abholung Ihre Bestellnummer {number}.",
        "regards": "Viele Grüße",
        "sent_for": "Versendet von Packline im Auftrag von {merchant}.",
    },
}


def say(language: str, key: str, **params: object) -> str:
    text = WORDS.get(language, WORDS["en"])[key]
    return text.format(**params) if params else text


def money(amount: str, currency: str, language: str) -> str:
    """"1234.50", "EUR" → "1234.50 EUR" (en) or "1234,50 EUR" (de)."""
    return f"{amount.replace('.', ',') if language == 'de' else amount} {currency}"
