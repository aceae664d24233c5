"""Products and warehouses: validation, uniqueness, tenancy, search and filters, CSV import."""

from __future__ import annotations

import json

import pytest

from backend.catalog.services import gtin_is_valid
from backend.catalog.tables import Product
from backend.core.authorization import ApiKeyScope, Role
from backend.events.tables import Event
from tests.support import (
    gid, make_api_key, make_product, make_tenant, make_user, make_warehouse, put_stock, random_ean, unique,
)

CREATE = """mutation($i: ProductCreateInput!) { productCreate(input: $i) {
  product { id sku name barcode size colour attributes weightGrams countryOfOrigin merchant { code } } errors { field code message } } }"""
UPDATE = "mutation($i: ProductUpdateInput!) { productUpdate(input: $i) { product { name barcode weightGrams } errors { field code } } }"
IMPORT = "mutation($i: ProductsImportInput!) { productsImport(input: $i) { created updated errors { field code message } } }"


@pytest.fixture(scope="module")
async def shop(api):
    tenant, other = await make_tenant(), await make_tenant()
    return {
        "tenant": tenant, "other": other,
        "admin": await api.login(tenant.admin.email), "staff": await api.login(tenant.staff.email),
        "other_admin": await api.login(other.admin.email),
        "operator": await api.login((await make_user(Role.OPERATOR_STAFF)).email),
        "warehouse_user": await api.login((await make_user(Role.WAREHOUSE)).email),
    }


def test_gtin_check_digits():
    assert gtin_is_valid("4006381333931") and gtin_is_valid("96385074") and gtin_is_valid("036000291452")
    assert not gtin_is_valid("4006381333932") and not gtin_is_valid("12345") and not gtin_is_valid("40063813339a1")


async def test_merchant_staff_creates_a_product(api, shop):
    barcode = random_ean()
    result = await api.gql(CREATE, {"i": {"sku": " TSHIRT-M ", "name": "T-Shirt  M", "barcode": barcode,
                                         "size": " M ", "colour": "blue", "attributes": {"Material": "cotton"},
                                         "weightGrams": 180, "countryOfOrigin": "pt"}}, token=shop["staff"])
    product = result["data"]["productCreate"]["product"]
    assert result["data"]["productCreate"]["errors"] == []
    assert product["sku"] == "TSHIRT-M" and product["name"] == "T-Shirt M" and product["barcode"] == barcode
    assert (product["size"], product["colour"]) == ("M", "blue")
    assert product["attributes"] == {"material": "cotton"} and product["countryOfOrigin"] == "PT"
    assert product["merchant"]["code"] == shop["tenant"].merchant.code
    # The same SKU is fine for another merchant, not twice for one.
    again = await api.gql(CREATE, {"i": {"sku": "TSHIRT-M", "name": "x"}}, token=shop["staff"])
    assert again["data"]["productCreate"]["errors"][0]["code"] == "DUPLICATE"
    other = await api.gql(CREATE, {"i": {"sku": "TSHIRT-M", "name": "x"}}, token=shop["other_admin"])
    assert other["data"]["productCreate"]["errors"] == []


async def test_bad_product_input_changes_nothing(api, shop):
    before = (await Product.count(), await Event.count())
    result = await api.gql(CREATE, {"i": {"sku": "bad sku!", "name": "", "barcode": "4006381333932", "weightGrams": -5,
                                         "countryOfOrigin": "Germany", "customsTariffNumber": "12"}}, token=shop["staff"])
    fields = [(e["field"], e["code"]) for e in result["data"]["productCreate"]["errors"]]
    assert fields == [("sku", "INVALID"), ("name", "REQUIRED"), ("barcode", "INVALID_BARCODE"), ("weightGrams", "INVALID"),
                      ("customsTariffNumber", "INVALID"), ("countryOfOrigin", "INVALID")]
    operator_without_merchant = await api.gql(CREATE, {"i": {"sku": "X1", "name": "x"}}, token=shop["operator"])
    assert operator_without_merchant["data"]["productCreate"]["errors"][0]["field"] == "merchantId"
    into_other = await api.gql(CREATE, {"i": {"sku": "X2", "name": "x", "merchantId": shop["other"].merchant_gid}}, token=shop["staff"])
    assert into_other["data"]["productCreate"]["errors"][0]["code"] == "NOT_FOUND"
    assert (await Product.count(), await Event.count()) == before


async def test_update_changes_only_given_fields_and_archive(api, shop):
    product = await make_product(shop["tenant"].merchant, weight_grams=100, barcode=random_ean())
    pid = gid("Product", product.id)
    result = await api.gql(UPDATE, {"i": {"productId": pid, "name": "Renamed", "barcode": None}}, token=shop["admin"])
    assert result["data"]["productUpdate"] == {"product": {"name": "Renamed", "barcode": None, "weightGrams": 100}, "errors": []}
    event = await Event.objects().where((Event.entity_id == product.id) & (Event.type == "product.updated")).first()
    assert set(json.loads(event.payload)["changes"]) == {"name", "barcode"}
    archive = await api.gql("mutation($i: ProductArchiveInput!) { productArchive(input: $i) { product { isArchived } errors { code } } }",
                            {"i": {"productId": pid}}, token=shop["admin"])
    assert archive["data"]["productArchive"]["product"]["isArchived"] is True
    listed = await api.gql("query($s: String) { products(filter: {search: $s}) { totalCount } }", {"s": product.sku}, token=shop["admin"])
    assert listed["data"]["products"]["totalCount"] == 0
    # Another merchant cannot touch it, and gets the same answer as for an unknown id.
    foreign = await api.gql(UPDATE, {"i": {"productId": pid, "name": "Mine now"}}, token=shop["other_admin"])
    assert foreign["data"]["productUpdate"]["errors"] == [{"field": "productId", "code": "NOT_FOUND"}]
    node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": pid}, token=shop["other_admin"])
    assert node["data"]["node"] is None


async def test_search_and_stock_filters(api, shop):
    merchant = shop["tenant"].merchant
    warehouse = await make_warehouse()
    tag = unique("Q")
    plenty = await make_product(merchant, sku=f"{tag}-PLENTY", name="Wool socks", low_stock_threshold=5)
    low = await make_product(merchant, sku=f"{tag}-LOW", name="Wool hat", low_stock_threshold=5, barcode=random_ean())
    empty = await make_product(merchant, sku=f"{tag}-EMPTY", name="Wool scarf", low_stock_threshold=5)
    await put_stock(plenty, warehouse, 50)
    await put_stock(low, warehouse, 3)
    query = """query($f: ProductFilter) { products(filter: $f, first: 50) { totalCount edges { node { sku isLowStock isOutOfStock
      stockTotal { onHand available } } } } }"""

    async def skus(**filter_):  # noqa: ANN003, ANN202
        result = await api.gql(query, {"f": {"search": tag, **filter_}}, token=shop["staff"])
        return sorted(e["node"]["sku"] for e in result["data"]["products"]["edges"])

    assert await skus() == sorted([plenty.sku, low.sku, empty.sku])
    assert await skus(stock="LOW_STOCK") == [low.sku]
    assert await skus(stock="OUT_OF_STOCK") == [empty.sku]
    by_barcode = await api.gql(query, {"f": {"search": low.barcode}}, token=shop["staff"])
    assert [e["node"]["sku"] for e in by_barcode["data"]["products"]["edges"]] == [low.sku]
    foreign = await api.gql(query, {"f": {"search": tag}}, token=shop["other_admin"])
    assert foreign["data"]["products"] == {"totalCount": 0, "edges": []}


async def test_csv_import_reports_every_bad_row_and_imports_nothing(api, shop):
    tag = unique("C").upper()
    before = await Product.count()
    bad = (
        "sku,name,barcode,weight_grams,size\n"
        f"{tag}-1,Shirt S,{random_ean()},120,S\n"
        f"{tag}-2,,4006381333932,abc,M\n"
        f"{tag}-1,Shirt again,,,\n"
    )
    result = await api.gql(IMPORT, {"i": {"csv": bad}}, token=shop["staff"])
    messages = [e["message"] for e in result["data"]["productsImport"]["errors"]]
    assert any(m.startswith("Line 3: weight_grams") for m in messages)
    assert any(m.startswith("Line 3: name") for m in messages)
    assert any(m.startswith("Line 3: barcode") for m in messages)
    assert any(m.startswith("Line 4: sku") and "line 2" in m for m in messages)
    assert result["data"]["productsImport"]["created"] == 0
    assert await Product.count() == before

    good = f"sku;name;weight_grams;size\n{tag}-1;Shirt S;120;S\n{tag}-2;Shirt M;130;M\n"
    first = await api.gql(IMPORT, {"i": {"csv": good}}, token=shop["staff"])
    assert first["data"]["productsImport"] == {"created": 2, "updated": 0, "errors": []}
    second = await api.gql(IMPORT, {"i": {"csv": good.replace("Shirt M", "Shirt Medium")}}, token=shop["staff"])
    assert second["data"]["productsImport"] == {"created": 0, "updated": 1, "errors": []}
    header = await api.gql(IMPORT, {"i": {"csv": "title,price\nx,1\n"}}, token=shop["staff"])
    assert header["data"]["productsImport"]["errors"][0]["code"] == "INVALID_CSV"


async def test_catalog_permissions(api, shop):
    create_as_warehouse = await api.gql(CREATE, {"i": {"sku": "W1", "name": "x", "merchantId": shop["tenant"].merchant_gid}}, token=shop["warehouse_user"])
    assert create_as_warehouse["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    warehouses = await api.gql("{ warehouses { code locations(first: 2) { totalCount } } }", token=shop["warehouse_user"])
    assert warehouses["data"]["warehouses"]
    warehouse_create = await api.gql('mutation { warehouseCreate(input: {code: "X", name: "X"}) { errors { code } } }', token=shop["operator"])
    assert warehouse_create["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    key = await make_api_key(shop["tenant"].merchant, [ApiKeyScope.PRODUCTS_READ])
    read = await api.gql("{ products { totalCount } }", token=key)
    assert "errors" not in read
    write = await api.gql(CREATE, {"i": {"sku": "K1", "name": "x"}}, token=key)
    assert write["errors"][0]["extensions"]["code"] == "FORBIDDEN"
