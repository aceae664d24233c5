"""Who may call what in the catalog, stock and inbound API: every query and mutation against every role."""

from __future__ import annotations

import pytest

from backend.core.authorization import SYSTEM
from backend.inbound.services import AnnouncedLine, Receipt, create_inbound, receive_inbound
from tests.support import (
    CALLER_ROLES, gid, make_product, make_tenant, make_warehouse, put_stock, tokens_of_every_role, unique,
)

ROLES = CALLER_ROLES
EVERYONE = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"}
PRODUCT_WRITERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"}
STOCK_WRITERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"}


@pytest.fixture(scope="module")
async def world(api):
    home = await make_tenant()
    warehouse = await make_warehouse()
    stocked = await make_product(home.merchant)
    await put_stock(stocked, warehouse, 1000)
    tokens = await tokens_of_every_role(api, home)
    return {"home": home, "warehouse": warehouse, "stocked": stocked, "tokens": tokens}


async def _inbound(world, received: bool = False) -> str:  # noqa: ANN001
    product = await make_product(world["home"].merchant)
    inbound = await create_inbound(SYSTEM, merchant_id=world["home"].merchant.id, warehouse_id=world["warehouse"].id,
                                   reference=unique("PO-"), lines=[AnnouncedLine(product.id, 5)])
    if received:
        await receive_inbound(SYSTEM, inbound.id, [Receipt(product_id=product.id, received=2)])
    return gid("Inbound", inbound.id)


def _stock(world) -> dict:  # noqa: ANN001
    return {"productId": gid("Product", world["stocked"].id), "warehouseId": gid("Warehouse", world["warehouse"].id)}


async def _variables(name: str, world) -> dict:  # noqa: ANN001, C901
    merchant = world["home"].merchant_gid
    if name == "productCreate":
        return {"i": {"merchantId": merchant, "sku": unique("S-"), "name": "New"}}
    if name in ("productUpdate", "productArchive"):
        product = await make_product(world["home"].merchant)
        return {"i": {"productId": gid("Product", product.id)} | ({"name": "Renamed"} if name == "productUpdate" else {})}
    if name == "productFamilyCreate":
        return {"i": {"merchantId": merchant, "name": "New", "variants": [{"sku": unique("V-"), "size": "M"}]}}
    if name == "productFamilyUpdate":
        product = await make_product(world["home"].merchant)
        return {"i": {"familyId": gid("ProductFamily", product.family), "name": "Renamed"}}
    if name == "productsImport":
        return {"i": {"merchantId": merchant, "csv": f"sku,name\n{unique('I-')},Imported\n"}}
    if name == "productLabelsCreate":
        return {"i": {"productIds": [gid("Product", world["stocked"].id)]}}
    if name == "warehouseCreate":
        return {"i": {"code": unique("W")[:10].upper(), "name": "Annex"}}
    if name == "warehouseUpdate":
        return {"i": {"warehouseId": gid("Warehouse", world["warehouse"].id), "timezone": "Europe/Berlin"}}
    if name == "locationsCreate":
        return {"i": {"warehouseId": gid("Warehouse", world["warehouse"].id), "codes": [unique("L-").upper()]}}
    if name == "stockAdjust":
        return {"i": {**_stock(world), "quantity": 1, "reason": "ADJUSTMENT", "note": "matrix", "locationCode": "B-01"}}
    if name == "stockTransfer":
        return {"i": {**_stock(world), "fromLocationCode": "B-01", "toLocationCode": "B-02", "quantity": 1}}
    if name == "stockCount":
        return {"i": {**_stock(world), "locationCode": "B-03", "counted": 0}}
    if name == "inboundCreate":
        return {"i": {"merchantId": merchant, "warehouseId": gid("Warehouse", world["warehouse"].id), "reference": "PO",
                      "lines": [{"productId": gid("Product", world["stocked"].id), "expectedQuantity": 1}]}}
    if name == "inboundReceive":
        return {"i": {"inboundId": await _inbound(world), "lines": [{"code": world["stocked"].sku, "received": 1}]}}
    if name == "inboundClose":
        return {"i": {"inboundId": await _inbound(world, received=True)}}
    if name == "inboundCancel":
        return {"i": {"inboundId": await _inbound(world)}}
    return {}


OPERATIONS = {
    "warehouses": ("{ warehouses { code } }", EVERYONE),
    "products": ("{ products { totalCount } }", EVERYONE),
    "inbounds": ("{ inbounds { totalCount } }", EVERYONE),
    "recentEvents": ("{ recentEvents { headSeq } }", EVERYONE),
    "productCreate": ("mutation($i: ProductCreateInput!) { productCreate(input: $i) { errors { code } } }", PRODUCT_WRITERS),
    "productUpdate": ("mutation($i: ProductUpdateInput!) { productUpdate(input: $i) { errors { code } } }", PRODUCT_WRITERS),
    "productArchive": ("mutation($i: ProductArchiveInput!) { productArchive(input: $i) { errors { code } } }", PRODUCT_WRITERS),
    "productFamilies": ("{ productFamilies { totalCount } }", EVERYONE),
    "productFamilyCreate": ("mutation($i: ProductFamilyCreateInput!) { productFamilyCreate(input: $i) { errors { code } } }", PRODUCT_WRITERS),
    "productFamilyUpdate": ("mutation($i: ProductFamilyUpdateInput!) { productFamilyUpdate(input: $i) { errors { code } } }", PRODUCT_WRITERS),
    "productsImport": ("mutation($i: ProductsImportInput!) { productsImport(input: $i) { errors { code } } }", PRODUCT_WRITERS),
    "productLabelsCreate": ("mutation($i: ProductLabelsCreateInput!) { productLabelsCreate(input: $i) { errors { code } } }", EVERYONE),
    "warehouseCreate": ("mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { errors { code } } }", {"OPERATOR_ADMIN"}),
    "warehouseUpdate": ("mutation($i: WarehouseUpdateInput!) { warehouseUpdate(input: $i) { errors { code } } }", {"OPERATOR_ADMIN"}),
    "locationsCreate": ("mutation($i: LocationsCreateInput!) { locationsCreate(input: $i) { errors { code } } }", {"OPERATOR_ADMIN"}),
    "stockAdjust": ("mutation($i: StockAdjustInput!) { stockAdjust(input: $i) { errors { code } } }", STOCK_WRITERS),
    "stockTransfer": ("mutation($i: StockTransferInput!) { stockTransfer(input: $i) { errors { code } } }", STOCK_WRITERS),
    "stockCount": ("mutation($i: StockCountInput!) { stockCount(input: $i) { errors { code } } }", STOCK_WRITERS),
    "inboundCreate": ("mutation($i: InboundCreateInput!) { inboundCreate(input: $i) { errors { code } } }", PRODUCT_WRITERS),
    "inboundReceive": ("mutation($i: InboundReceiveInput!) { inboundReceive(input: $i) { errors { code } } }", STOCK_WRITERS),
    "inboundClose": ("mutation($i: InboundCloseInput!) { inboundClose(input: $i) { errors { code } } }", STOCK_WRITERS),
    "inboundCancel": ("mutation($i: InboundCancelInput!) { inboundCancel(input: $i) { errors { code } } }", PRODUCT_WRITERS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(OPERATIONS))
async def test_catalog_role_matrix(api, world, operation, role):
    query, allowed = OPERATIONS[operation]
    result = await api.gql(query, await _variables(operation, world), token=world["tokens"][role])
    if role in allowed:
        assert "errors" not in result, result
        payload = result["data"][operation]
        if isinstance(payload, dict) and "errors" in payload:
            assert payload["errors"] == [], (operation, role, payload)
    else:
        assert result["data"] is None, result
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert result["errors"][0]["extensions"]["code"] == expected, result
