"""What the documents say, in German and English (a merchant's documents speak its language)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "delivery_note": "Delivery note",
        "order": "Order",
        "shop_order": "Shop order",
        "date": "Date",
        "shipping_method": "Shipping method",
        "ship_to": "Ship to",
        "parcel": "Parcel",
        "parcels": "Parcels",
        "not_packed": "not packed yet",
        "sku": "SKU",
        "product": "Product",
        "quantity": "Qty",
        "of_ordered": "{shipped} of {ordered}",
        "unit_price": "Unit price",
        "amount": "Amount",
        "shipping": "Shipping",
        "total": "Total",
        "follows": "{units} more unit(s) follow in another parcel.",
        "picklist": "Picklist",
        "warehouse": "Warehouse",
        "bin": "Bin",
        "totes": "Totes",
        "tote": "Tote",
        "no_bin": "no bin",
        "orders": "Orders",
        "merchant": "Merchant",
        "status": "Status",
        "lines": "Lines",
        "units": "Units",
        "created": "Created",
        "STANDARD": "Standard",
        "EXPRESS": "Express",
        "NEXT_DAY": "Next day",
        "CLICK_AND_COLLECT": "Click & collect",
    },
    "de": {
        "delivery_note": "Lieferschein",
        "order": "Bestellung",
        "shop_order": "Shop-Bestellung",
        "date": "Datum",
        "shipping_method": "Versandart",
        "ship_to": "Lieferadresse",
        "parcel": "Paket",
        "parcels": "Pakete",
        "not_packed": "noch nicht gepackt",
        "sku": "Artikelnr.",
        "product": "Artikel",
        "quantity": "Menge",
        "of_ordered": "{shipped} von {ordered}",
        "unit_price": "Einzelpreis",
        "amount": "Betrag",
        "shipping": "Versand",
        "total": "Gesamt",
        "follows": "{units} weitere(r) Artikel folgen in einem anderen Paket.",
        "picklist": "Pickliste",
        "warehouse": "Lager",
        "bin": "Lagerplatz",
        "totes": "Kisten",
        "tote": "Kiste",
        "no_bin": "ohne Platz",
        "orders": "Bestellungen",
        "merchant": "Händler",
        "status": "Status",
        "lines": "Positionen",
        "units": "Stück",
        "created": "Erstellt",
        "STANDARD": "Standard",
        "EXPRESS": "Express",
        "NEXT_DAY": "Zustellung am nächsten Tag",
        "CLICK_AND_COLLECT": "Abholung",
    },
}
LANGUAGES = tuple(WORDS)


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


def money(amount: str, currency: str, language: str) -> str:
    """'12.90 EUR' in English, '12,90 EUR' in German (`amount` is a decimal string with a point)."""
    return f"{amount.replace('.', ',') if language == 'de' else amount} {currency}"
