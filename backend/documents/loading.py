"""What the documents show, read from the orders, shipping, picking and accounts tables. No permission checks here:
`services.py` checked the link (and the scope it carries) before calling."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from backend.accounts import services as accounts
from backend.accounts.tables import Merchant
from backend.catalog.labels import variant_text
from backend.catalog.tables import Location, Product, Warehouse
from backend.core.queries import json_value
from backend.documents.delivery_note import DeliveryNote, NoteLine
from backend.documents.picklist_sheet import PicklistSheet, SheetLine, SheetOrder
from backend.orders.model import RELEASED, Address, from_minor
from backend.orders.tables import Order, OrderLine, OrderSettings
from backend.picking.tables import Picklist, PicklistLine, PicklistOrder, PicklistPick
from backend.shipping.tables import Parcel, ParcelLine

UNSHIPPED = "PACKED"


async def released_order(order_id: UUID, merchant_id: UUID | None) -> Order | None:
    """The order, if it is released to the warehouse and, for a merchant's link, the merchant's."""
    query = Order.objects().where((Order.id == order_id) & Order.status.is_in([s.value for s in RELEASED]))
    if merchant_id is not None:
        query = query.where(Order.merchant == merchant_id)
    return await query.first()


# ---------------------------------------------------------------- delivery notes


async def delivery_notes(order: Order, parcel_id: UUID | None) -> list[tuple[DeliveryNote, UUID | None]]:
    """The order's delivery notes with the parcel each goes with: the one of `parcel_id`; else one per parcel not
    yet shipped; else one for what is left to ship (what is picked, or before picking everything not shipped); once
    everything has shipped, one per parcel."""
    lines = list(await OrderLine.objects().where(OrderLine.sales_order == order.id).order_by(OrderLine.position))
    parcels = list(await Parcel.objects().where(Parcel.sales_order == order.id).order_by(Parcel.sequence))
    contents = await _parcel_contents([p.id for p in parcels])
    base = await _note_base(order, lines)
    picked = any(line.picked for line in lines)
    units = {line.id: line.picked if picked else line.quantity - line.shipped for line in lines}
    units = {lid: n for lid, n in units.items() if n > 0}
    if parcel_id is not None:
        chosen = [p for p in parcels if p.id == parcel_id]
    else:
        # Parcels waiting to ship; once everything has left, all of them again (a reprint).
        chosen = [p for p in parcels if p.status == UNSHIPPED] or ([] if units else parcels)
    if chosen:
        return [(_note(base, order, lines, contents[p.id], _parcel_names(p, parcels),
                       _to_follow(lines, contents, parcels, p)), p.id) for p in chosen]
    if not units:
        return []
    shipped = sum(line.shipped for line in lines)
    follow = sum(line.quantity for line in lines) - shipped - sum(units.values())
    return [(_note(base, order, lines, units, [], follow), None)]


async def _parcel_contents(parcel_ids: list[UUID]) -> dict[UUID, dict[UUID, int]]:
    found: dict[UUID, dict[UUID, int]] = defaultdict(dict)
    if parcel_ids:
        for row in await ParcelLine.select(ParcelLine.parcel, ParcelLine.order_line, ParcelLine.quantity).where(
                ParcelLine.parcel.is_in(parcel_ids)):
            found[row["parcel"]][row["order_line"]] = found[row["parcel"]].get(row["order_line"], 0) + row["quantity"]
    return found


def _parcel_names(parcel: Parcel, parcels: list[Parcel]) -> list[str]:
    name = f"P-{parcel.sequence}"
    return [f"{name} ({parcels.index(parcel) + 1}/{len(parcels)})" if len(parcels) > 1 else name]


def _to_follow(lines: list[OrderLine], contents: dict[UUID, dict[UUID, int]], parcels: list[Parcel],
               parcel: Parcel) -> int:
    """Units of the order neither in this parcel nor in one that left before it."""
    before = [p for p in parcels if p.sequence < parcel.sequence and p.status != UNSHIPPED]
    sent = sum(sum(contents[p.id].values()) for p in before)
    return sum(line.quantity for line in lines) - sent - sum(contents[parcel.id].values())


async def _note_base(order: Order, lines: list[OrderLine]) -> dict:
    merchant = await Merchant.objects().where(Merchant.id == order.merchant).first()
    logo = await accounts.logo_of(order.merchant) if merchant.logo_updated_at else None
    zone = await OrderSettings.select(OrderSettings.timezone).where(OrderSettings.merchant == order.merchant)
    when = (order.placed_at or order.created_at).astimezone(ZoneInfo(zone[0]["timezone"] if zone else "Europe/Berlin"))
    products = {p.id: p for p in await Product.objects().where(
        Product.id.is_in([line.product for line in lines] or [None]))}
    return {"merchant": merchant, "logo": logo.image if logo else None, "date": when.date(), "products": products}


def _ship_to(order: Order) -> list[str]:
    # The address's phone stays off: the slip is read by whoever handles the box.
    address = Address.from_json(json_value(order.shipping_address))
    place = " ".join(part for part in (address.postal_code, address.city) if part)
    return [line for line in (address.name or order.customer_name, address.company, address.line1, address.line2,
                              place, address.region, address.country) if line]


def _note(base: dict, order: Order, lines: list[OrderLine], units: dict[UUID, int], parcels: list[str],
          follow: int) -> DeliveryNote:
    merchant: Merchant = base["merchant"]
    prices = merchant.packing_slip_shows_prices
    note_lines = [
        NoteLine(sku=line.sku, name=line.name, variant=_variant(base["products"].get(line.product)),
                 quantity=units[line.id], ordered=line.quantity,
                 unit_price=from_minor(line.unit_price, order.currency) if prices else "",
                 amount=from_minor(line.unit_price * line.quantity, order.currency) if prices else "")
        for line in lines if units.get(line.id)
    ]
    return DeliveryNote(
        language=merchant.language, merchant_name=merchant.name, order_number=order.number, order_date=base["date"],
        shipping_method=order.shipping_method, ship_to=_ship_to(order), lines=note_lines,
        merchant_address=[line for line in merchant.address.split("\n") if line], logo=base["logo"],
        shop_order_number=order.external_number, parcels=parcels, units_to_follow=max(follow, 0), show_prices=prices,
        currency=order.currency, shipping_price=from_minor(order.shipping_price, order.currency) if prices else "",
        total=from_minor(order.total, order.currency) if prices else "")


def _variant(product: Product | None) -> str:
    if product is None:
        return ""
    axes = {"size": product.size, "colour": product.colour}
    return variant_text({k: v for k, v in {**axes, **(json_value(product.attributes) or {})}.items() if v is not None})


# ---------------------------------------------------------------- picklists


async def picklist_orders(picklist: Picklist) -> list[Order]:
    """The picklist's orders in tote order (packing order), without those that left it with nothing picked and
    those cancelled since."""
    rows = await PicklistOrder.raw(
        "SELECT po.sales_order FROM picklist_order po WHERE po.picklist = {} AND EXISTS (SELECT 1 FROM picklist_pick p "
        "JOIN picklist_line l ON l.id = p.line WHERE l.picklist = po.picklist AND p.sales_order = po.sales_order "
        "AND p.quantity > p.short) ORDER BY po.tote", picklist.id)
    ids = [row["sales_order"] for row in rows]
    found = {o.id: o for o in await Order.objects().where(
        Order.id.is_in(ids or [None]) & Order.status.is_in([s.value for s in RELEASED]))}
    return [found[i] for i in ids if i in found]


async def picklist_sheet(picklist: Picklist, language: str) -> PicklistSheet:
    warehouse = await Warehouse.objects().where(Warehouse.id == picklist.warehouse).first()
    lines = await PicklistLine.objects().where(
        (PicklistLine.picklist == picklist.id) & (PicklistLine.quantity > 0)).order_by(PicklistLine.position)
    bins = {loc.id: loc.code for loc in await Location.objects().where(
        Location.id.is_in([line.location for line in lines if line.location] or [None]))}
    totes = await _totes_per_line([line.id for line in lines])
    orders = await PicklistOrder.raw(
        "SELECT po.tote, o.number, o.shipping_method, m.name FROM picklist_order po "
        "JOIN sales_order o ON o.id = po.sales_order JOIN merchant m ON m.id = o.merchant "
        "WHERE po.picklist = {} ORDER BY po.tote", picklist.id)
    return PicklistSheet(
        language=language, number=f"PL-{picklist.sequence}", warehouse=f"{warehouse.code} {warehouse.name}".strip(),
        status=picklist.status, created_at=_utc(picklist.created_at),
        lines=[SheetLine(bins.get(line.location, ""), line.sku, line.name, line.quantity, totes.get(line.id, []))
               for line in lines],
        orders=[SheetOrder(row["tote"], row["number"], row["name"], row["shipping_method"]) for row in orders])


async def _totes_per_line(line_ids: list[UUID]) -> dict[UUID, list[tuple[int, int]]]:
    found: dict[UUID, list[tuple[int, int]]] = defaultdict(list)
    if not line_ids:
        return found
    rows = await PicklistPick.raw(
        "SELECT p.line, po.tote, p.quantity FROM picklist_pick p JOIN picklist_line l ON l.id = p.line "
        "JOIN picklist_order po ON po.picklist = l.picklist AND po.sales_order = p.sales_order "
        "WHERE p.line = ANY({}) AND p.quantity > 0 ORDER BY po.tote", line_ids)
    for row in rows:
        found[row["line"]].append((row["tote"], row["quantity"]))
    return found


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
