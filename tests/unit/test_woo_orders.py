"""A WooCommerce order (as the local WooCommerce lists it, in the REST API v3 shape) as a Packline order request."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.demo.woo_peer import Line, WooPeer
from backend.shops.tables import Shop
from backend.shops.woo_orders import UnplaceableOrder, order_request, wanted_skus

SHIRT, MUG = uuid.uuid4(), uuid.uuid4()


def _shop(rule: str = "EXACT", prefix: str = "") -> Shop:
    return Shop(merchant=uuid.uuid4(), kind="WOOCOMMERCE", name="Woo", source_key="Woo", sku_rule=rule, sku_prefix=prefix)


def test_lines_are_gross_after_the_discount_at_the_rate_charged():
    order = WooPeer().add_order([Line("TSHIRT-M", "T-Shirt", 2, "16.72"), Line("MUG-01", "Tasse", 1, "8.36", "7"),
                                 Line("TSHIRT-M", "T-Shirt (gift)", 1, "16.72")], coupon=("SOMMER10", "10"))
    request = order_request(order, _shop(), {"TSHIRT-M": SHIRT, "MUG-01": MUG})
    lines = {line.product_id: line for line in request.lines}
    assert (lines[SHIRT].quantity, lines[SHIRT].tax_rate, lines[MUG].tax_rate) == (3, "19", "7")
    gross = sum(Decimal(line.unit_price) * line.quantity for line in request.lines) + Decimal(request.shipping_price)
    assert abs(gross - Decimal(order["total"])) <= Decimal("0.02")  # cents rounded per unit
    assert (request.payment_status, request.payment_method, request.external_id) == ("PAID", "PAYPAL", str(order["id"]))


def test_skus_are_matched_by_the_shops_rule_and_unknown_ones_hold_the_order():
    order = WooPeer().add_order([Line("shop-tshirt-m", "T-Shirt", 1, "16.72"), Line("shop-POSTER", "Poster", 1, "9")])
    shop = _shop("IGNORE_CASE", "shop-")
    assert wanted_skus(order, shop) == {"TSHIRT-M", "POSTER"}
    request = order_request(order, shop, {"TSHIRT-M": SHIRT})
    assert [line.product_id for line in request.lines] == [SHIRT]
    assert "shop-POSTER" in request.hold_reason
    with pytest.raises(UnplaceableOrder, match="No line names a SKU of ours"):
        order_request(order, shop, {})


def test_pickup_unpaid_transfer_and_an_order_without_shipping_address():
    peer = WooPeer()
    order = peer.add_order([Line("MUG-01", "Tasse", 1, "8.36")], status="on-hold", payment_method="bacs", paid=False,
                           shipping=("local_pickup", "Abholung", "0"), phone="")
    order["shipping"] = {key: "" for key in order["shipping"]}
    request = order_request(order, _shop(), {"MUG-01": MUG})
    assert (request.shipping_method, request.payment_method, request.payment_status) == \
        ("CLICK_AND_COLLECT", "BANK_TRANSFER", "PENDING")
    assert request.shipping_address["line1"] == order["billing"]["address_1"]
    assert request.customer.phone == "" and request.shipping_price == "0.00"
