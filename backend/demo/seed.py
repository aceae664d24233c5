"""Demo data: an operator, a warehouse worker, and two merchants with an admin and a staff user each, their products
(single ones, and for Bergwerk a T-shirt family in four sizes and three colours), stocked."""

from __future__ import annotations

from backend.accounts.services import create_merchant, create_user
from backend.accounts.tables import Merchant, User
from backend.catalog.services import VariantDraft, create_family, create_locations, create_product, create_warehouse
from backend.catalog.tables import Location, Product, ProductFamily, Warehouse
from backend.core.authorization import SYSTEM, Role
from backend.shipping import services as shipping
from backend.stock.services import MovementReason, adjust_stock

DEMO_PASSWORD = "packline-demo"

MERCHANTS = [("M1", "Nordlicht Naturkosmetik"), ("M2", "Bergwerk Outdoor GmbH")]
USERS = [
    ("admin@packline.test", "Olivia Operator", Role.OPERATOR_ADMIN, None),
    ("support@packline.test", "Sam Support", Role.OPERATOR_STAFF, None),
    ("warehouse@packline.test", "Wim Warehouse", Role.WAREHOUSE, None),
    ("anna@nordlicht.test", "Anna Nordlicht", Role.MERCHANT_ADMIN, "M1"),
    ("nils@nordlicht.test", "Nils Nordlicht", Role.MERCHANT_STAFF, "M1"),
    ("berta@bergwerk.test", "Berta Bergwerk", Role.MERCHANT_ADMIN, "M2"),
    ("ben@bergwerk.test", "Ben Bergwerk", Role.MERCHANT_STAFF, "M2"),
]


WAREHOUSE = ("LEJ1", "Hauptlager Leipzig")
# When the carrier collects at the demo warehouse each day (its local time).
CARRIER_CUTOFFS = [("MANUAL", "16:00")]
BINS = ["RECEIVING", "DAMAGED", *[f"A-{aisle:02d}-{shelf:02d}" for aisle in range(1, 5) for shelf in range(1, 6)]]
PRODUCTS = {
    "M1": [
        ("NL-SOAP-LAV", "Lavendel Seife 100 g", "400638133393", {"scent": "lavender"}, 40),
        ("NL-SOAP-ROS", "Rosen Seife 100 g", "400638133394", {"scent": "rose"}, 25),
        ("NL-CREAM-50", "Gesichtscreme 50 ml", "400638133395", {"size": "50 ml"}, 12),
        ("NL-OIL-BODY", "Körperöl Mandel 100 ml", None, {"size": "100 ml"}, 0),
        # Enough assortment and stock for the demo feed (`packline demo-feed`) to place orders for a while.
        ("NL-SHAMPOO-200", "Haarshampoo Kamille 200 ml", "400638133396", {"size": "200 ml"}, 150),
        ("NL-LIPBALM", "Lippenbalsam Honig", "400638133397", {}, 240),
        ("NL-DEO-ROLL", "Deo Roller Salbei 50 ml", "400638133398", {"size": "50 ml"}, 120),
        ("NL-HANDCREAM", "Handcreme Ringelblume 75 ml", "400638133399", {"size": "75 ml"}, 180),
        ("NL-GIFTBOX", "Geschenkset Wellness", "400638133400", {}, 35),
        ("NL-BATH-SALT", "Badesalz Meeresbrise 500 g", "400638133401", {"size": "500 g"}, 90),
    ],
    "M2": [
        ("BW-TENT-2P", "Trekkingzelt 2 Personen", "426012345678", {"colour": "green"}, 8),
        ("BW-JACKET-M", "Regenjacke Herren M", "426012345679", {"size": "M", "colour": "blue"}, 30),
        ("BW-JACKET-L", "Regenjacke Herren L", "426012345680", {"size": "L", "colour": "blue"}, 3),
        ("BW-JACKET-S", "Regenjacke Damen S", "426012345681", {"size": "S", "colour": "red"}, 25),
        ("BW-SOCKS-42", "Wandersocken Merino 39–42", "426012345682", {"size": "39-42"}, 200),
        ("BW-SOCKS-46", "Wandersocken Merino 43–46", "426012345683", {"size": "43-46"}, 160),
        ("BW-BOTTLE-1L", "Trinkflasche Edelstahl 1 l", "426012345684", {"size": "1 l"}, 140),
        ("BW-HEADLAMP", "Stirnlampe 300 lm", "426012345685", {}, 60),
        ("BW-BACKPACK-30", "Tagesrucksack 30 l", "426012345686", {"size": "30 l", "colour": "grey"}, 40),
        ("BW-SLEEPBAG", "Schlafsack Sommer", "426012345687", {"colour": "orange"}, 15),
    ],
}

# A family: code, name, description, customs data, sizes, colours (name, SKU part, EAN prefix) and the opening
# stock per size (one figure per colour; some variants are sold out, so the product page's grid shows gaps).
FAMILIES = {
    "M2": [(
        "BW-TEE", "Merino-T-Shirt Herren",
        "Funktionsshirt aus Merinowolle (150 g/m²), temperaturausgleichend und geruchshemmend.\nMaschinenwäsche 30 °C.",
        "61091000", "PT", ["S", "M", "L", "XL"], [("Schwarz", "BLK", "42601234570"), ("Navy", "NVY", "42601234571"),
                                                  ("Rot", "RED", "42601234572")],
        {"S": [12, 0, 4], "M": [25, 18, 7], "L": [30, 2, 0], "XL": [6, 9, 3]},
    )],
}

# Shop prices (gross, EUR) the demo feed orders at; the catalog itself has no prices.
SHOP_PRICES = {
    "NL-SOAP-LAV": "6.90", "NL-SOAP-ROS": "6.90", "NL-CREAM-50": "24.50", "NL-OIL-BODY": "17.90",
    "NL-SHAMPOO-200": "9.95", "NL-LIPBALM": "4.50", "NL-DEO-ROLL": "8.90", "NL-HANDCREAM": "11.90",
    "NL-GIFTBOX": "39.00", "NL-BATH-SALT": "12.50",
    "BW-TENT-2P": "249.00", "BW-JACKET-M": "129.95", "BW-JACKET-L": "129.95", "BW-JACKET-S": "129.95",
    "BW-SOCKS-42": "14.95", "BW-SOCKS-46": "14.95", "BW-BOTTLE-1L": "24.90", "BW-HEADLAMP": "34.90",
    "BW-BACKPACK-30": "79.00", "BW-SLEEPBAG": "89.00",
} | {f"BW-TEE-{size}-{colour}": "39.90" for size in ("S", "M", "L", "XL") for colour in ("BLK", "NVY", "RED")}


def ean13(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


async def seed_catalog(merchants: dict[str, Merchant]) -> None:
    warehouse = await Warehouse.objects().where(Warehouse.code == WAREHOUSE[0]).first()
    if warehouse is None:
        warehouse = await create_warehouse(SYSTEM, code=WAREHOUSE[0], name=WAREHOUSE[1])
    existing_bins = {r["code"] for r in await Location.select(Location.code).where(Location.warehouse == warehouse.id)}
    missing_bins = [b for b in BINS if b not in existing_bins]
    if missing_bins:
        await create_locations(SYSTEM, warehouse.id, missing_bins)
    for code, products in PRODUCTS.items():
        merchant = merchants[code]
        for index, (sku, name, barcode, attributes, stock) in enumerate(products):
            if await Product.exists().where((Product.merchant == merchant.id) & (Product.sku == sku)):
                continue
            product = await create_product(
                SYSTEM, merchant_id=merchant.id, sku=sku,
                values={"name": name, "barcode": ean13(barcode[:12]) if barcode else None,
                        "size": attributes.get("size"), "colour": attributes.get("colour"),
                        "attributes": {k: v for k, v in attributes.items() if k not in ("size", "colour")},
                        "low_stock_threshold": 5, "weight_grams": 100 + 50 * index},
            )
            if stock:
                await _stock(product, warehouse, stock, BINS[2 + index + (0 if code == "M1" else 10)])
    for code, families in FAMILIES.items():
        for family in families:
            await _seed_family(merchants[code], warehouse, *family)
    if not await shipping.carrier_cutoffs(warehouse.id):  # the warehouse board counts down to it
        for carrier, cutoff in CARRIER_CUTOFFS:
            await shipping.set_carrier_cutoff(SYSTEM, warehouse_id=warehouse.id, carrier=carrier,
                                              cutoff_local_time=cutoff)


async def _seed_family(merchant: Merchant, warehouse: Warehouse, code: str, name: str, description: str, tariff: str,
                       origin: str, sizes: list[str], colours: list[tuple[str, str, str]],
                       stock: dict[str, list[int]]) -> None:
    if await ProductFamily.exists().where((ProductFamily.merchant == merchant.id) & (ProductFamily.code == code)):
        return
    variants = [
        VariantDraft(f"{code}-{size}-{part}", {"size": size, "colour": colour, "barcode": ean13(f"{prefix}{index}"),
                                                "low_stock_threshold": 3, "weight_grams": 160 + 15 * index})
        for index, size in enumerate(sizes) for colour, part, prefix in colours
    ]
    _, products = await create_family(SYSTEM, merchant_id=merchant.id, values={
        "code": code, "name": name, "description": description, "customs_tariff_number": tariff,
        "country_of_origin": origin,
    }, variants=variants)
    by_sku = {p.sku: p for p in products}
    for index, size in enumerate(sizes):
        for (_, part, _), quantity in zip(colours, stock[size], strict=True):
            if quantity:
                await _stock(by_sku[f"{code}-{size}-{part}"], warehouse, quantity, f"A-04-{index + 1:02d}")


async def _stock(product: Product, warehouse: Warehouse, quantity: int, bin_code: str) -> None:
    await adjust_stock(SYSTEM, product_id=product.id, warehouse_id=warehouse.id, quantity=quantity,
                       reason=MovementReason.ADJUSTMENT, note="opening stock", location_code=bin_code)


async def seed() -> list[tuple[str, str, str, str | None]]:
    """Create whatever of the demo data is missing; returns the logins (role, e-mail, password, merchant)."""
    merchants: dict[str, Merchant] = {}
    for code, name in MERCHANTS:
        merchant = await Merchant.objects().where(Merchant.code == code).first()
        merchants[code] = merchant or await create_merchant(SYSTEM, name=name, code=code)
    logins = []
    for email, name, role, code in USERS:
        if not await User.exists().where(User.email == email):
            await create_user(
                SYSTEM, email=email, name=name, password=DEMO_PASSWORD, role=role,
                merchant_id=merchants[code].id if code else None,
            )
        logins.append((role.value, email, DEMO_PASSWORD, merchants[code].name if code else None))
    await seed_catalog(merchants)
    return logins
