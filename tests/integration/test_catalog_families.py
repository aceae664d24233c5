"""Product families: a family with its variants, variants added and moved, a single product as a family of one,
the list and search, bad input, tenant isolation of every new field, mutation, node and event, and the migration
that made every existing product a family of one."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest

from backend.catalog.tables import Product, ProductFamily
from backend.core.authorization import Role
from backend.events.tables import Event
from tests.conftest import ROOT, TEST_DATABASE_URL
from tests.support import (
    EVENT_FIELDS, Subscription, gid, make_product, make_tenant, make_user, make_warehouse, put_stock, random_ean,
    unique,
)

FAMILY_FIELDS = """id code name description images customsTariffNumber countryOfOrigin variantCount sizes colours
  merchant { id } variants { id sku name size colour barcode family { id } }"""
FAMILY_CREATE = f"""mutation($i: ProductFamilyCreateInput!) {{ productFamilyCreate(input: $i) {{
  productFamily {{ {FAMILY_FIELDS} }} variants {{ sku }} errors {{ field code message }} }} }}"""
FAMILY_UPDATE = f"""mutation($i: ProductFamilyUpdateInput!) {{ productFamilyUpdate(input: $i) {{
  productFamily {{ {FAMILY_FIELDS} }} errors {{ field code message }} }} }}"""
PRODUCT_CREATE = """mutation($i: ProductCreateInput!) { productCreate(input: $i) {
  product { id sku name size colour customsTariffNumber countryOfOrigin family { id code name variantCount } }
  errors { field code message } } }"""
PRODUCT_UPDATE = """mutation($i: ProductUpdateInput!) { productUpdate(input: $i) {
  product { id sku size colour family { id variantCount sizes colours } } errors { field code message } } }"""
FAMILY_NODE = f"query($id: ID!) {{ node(id: $id) {{ __typename ... on ProductFamily {{ {FAMILY_FIELDS} }} }} }}"
FAMILIES = """query($f: ProductFamilyFilter, $s: ProductFamilySort) { productFamilies(first: 50, filter: $f, sort: $s) {
  totalCount edges { node { code name variantCount } } } }"""
EVENTS = f"subscription($topics: [EventTopic!]) {{ events(topics: $topics) {{ {EVENT_FIELDS} }} }}"


@pytest.fixture(scope="module")
async def shop(api):
    tenant, other = await make_tenant(), await make_tenant()
    return {
        "tenant": tenant, "other": other,
        "admin": await api.login(tenant.admin.email), "staff": await api.login(tenant.staff.email),
        "other_admin": await api.login(other.admin.email),
        "operator": await api.login((await make_user(Role.OPERATOR_STAFF)).email),
    }


def _tee(tag: str, sizes=("M", "XL", "S", "L"), colours=("Navy", "Black")) -> dict:  # noqa: ANN001
    return {"code": f"{tag}", "name": "Merino Tee", "description": "Soft.\nWarm.", "customsTariffNumber": "6109 1000",
            "countryOfOrigin": "pt", "images": ["https://img.example/tee-front.jpg", " https://img.example/tee-back.jpg "],
            "variants": [{"sku": f"{tag}-{size}-{colour[:3].upper()}", "size": size, "colour": colour}
                         for size in sizes for colour in colours]}


async def _counts() -> tuple[int, int, int]:
    return await ProductFamily.count(), await Product.count(), await Event.count()


async def test_a_family_and_its_variants_in_one_go(api, shop):
    tag = unique("TEE-").upper()
    result = await api.gql(FAMILY_CREATE, {"i": _tee(tag)}, token=shop["staff"])
    payload = result["data"]["productFamilyCreate"]
    assert payload["errors"] == []
    family = payload["productFamily"]
    assert (family["code"], family["name"], family["description"]) == (tag, "Merino Tee", "Soft.\nWarm.")
    assert family["images"] == ["https://img.example/tee-front.jpg", "https://img.example/tee-back.jpg"]
    assert (family["customsTariffNumber"], family["countryOfOrigin"]) == ("61091000", "PT")
    assert family["merchant"]["id"] == shop["tenant"].merchant_gid
    # Sizes small to large, colours alphabetically: the grid's rows and columns; the variants in that order.
    assert family["sizes"] == ["S", "M", "L", "XL"] and family["colours"] == ["Black", "Navy"]
    assert family["variantCount"] == 8
    assert [(v["size"], v["colour"]) for v in family["variants"]][:3] == [("S", "Black"), ("S", "Navy"), ("M", "Black")]
    # A variant without a name is named after the family, its size and colour, and belongs to it.
    first = family["variants"][0]
    assert first["name"] == "Merino Tee S Black" and first["family"]["id"] == family["id"]
    assert len(payload["variants"]) == 8
    # One event for the family, one per product, in that order.
    rows = await Event.objects().where(Event.type.is_in(["product_family.created", "product.created"])).order_by(
        Event.seq, ascending=False).limit(9)
    assert [r.type for r in reversed(rows)] == ["product_family.created"] + ["product.created"] * 8
    created = json.loads(rows[-1].payload)
    assert created == {"code": tag, "name": "Merino Tee"}
    # The family is a node; each product names its family, and the family's customs data is the product's.
    node = await api.gql(FAMILY_NODE, {"id": family["id"]}, token=shop["admin"])
    assert node["data"]["node"]["__typename"] == "ProductFamily" and node["data"]["node"]["code"] == tag
    product = await api.gql("query($id: ID!) { node(id: $id) { ... on Product { customsTariffNumber countryOfOrigin "
                            "family { code } } } }", {"id": first["id"]}, token=shop["staff"])
    assert product["data"]["node"] == {"customsTariffNumber": "61091000", "countryOfOrigin": "PT", "family": {"code": tag}}


async def test_bad_family_input_changes_nothing(api, shop):
    tag = unique("BAD-").upper()
    taken = await make_product(shop["tenant"].merchant, barcode=random_ean())
    before = await _counts()
    bad = {"name": " ", "code": "no spaces!", "images": ["ftp://x.example/a.jpg"], "customsTariffNumber": "12",
           "countryOfOrigin": "Portugal", "variants": [
               {"sku": f"{tag}-1", "size": "M", "colour": "Navy"},
               {"sku": f"{tag}-1", "size": "m", "colour": "navy", "barcode": "4006381333932"},
               {"sku": "bad sku", "weightGrams": -1, "attributes": {"Size": "L"}},
           ]}
    result = await api.gql(FAMILY_CREATE, {"i": bad}, token=shop["staff"])
    errors = {(e["field"], e["code"]) for e in result["data"]["productFamilyCreate"]["errors"]}
    assert errors == {
        ("code", "INVALID"), ("name", "REQUIRED"), ("images", "INVALID"), ("customsTariffNumber", "INVALID"),
        ("countryOfOrigin", "INVALID"), ("variants.1.barcode", "INVALID_BARCODE"), ("variants.1.sku", "DUPLICATE"),
        ("variants.1.size", "DUPLICATE"), ("variants.2.sku", "INVALID"), ("variants.2.weightGrams", "INVALID"),
        ("variants.2.attributes", "INVALID"),
    }
    # What only the catalog knows: an SKU or barcode another product has. Nothing is created, not even the family.
    for variant, field in (({"sku": taken.sku}, "variants.1.sku"), ({"sku": f"{tag}-2", "barcode": taken.barcode}, "variants.1.barcode")):
        variants = [{"sku": f"{tag}-3", "size": "S"}, {**variant, "size": "M"}]
        again = await api.gql(FAMILY_CREATE, {"i": {"name": "Tee", "variants": variants}}, token=shop["staff"])
        assert [(e["field"], e["code"]) for e in again["data"]["productFamilyCreate"]["errors"]] == [(field, "DUPLICATE")]
    operator = await api.gql(FAMILY_CREATE, {"i": {"name": "Tee"}}, token=shop["operator"])
    assert operator["data"]["productFamilyCreate"]["errors"][0]["field"] == "merchantId"
    into_other = await api.gql(FAMILY_CREATE, {"i": {"name": "Tee", "merchantId": shop["other"].merchant_gid}}, token=shop["staff"])
    assert into_other["data"]["productFamilyCreate"]["errors"][0]["code"] == "NOT_FOUND"
    assert await _counts() == before
    # A family code is unique per merchant; another merchant may use it.
    first = await api.gql(FAMILY_CREATE, {"i": {"name": "Tee", "code": tag}}, token=shop["staff"])
    assert first["data"]["productFamilyCreate"]["errors"] == []
    twice = await api.gql(FAMILY_CREATE, {"i": {"name": "Tee", "code": tag}}, token=shop["staff"])
    assert twice["data"]["productFamilyCreate"]["errors"][0]["code"] == "DUPLICATE"
    theirs = await api.gql(FAMILY_CREATE, {"i": {"name": "Tee", "code": tag}}, token=shop["other_admin"])
    assert theirs["data"]["productFamilyCreate"]["errors"] == []


async def test_a_single_product_is_a_family_of_one(api, shop):
    sku = unique("ONE-").upper()
    result = await api.gql(PRODUCT_CREATE, {"i": {"sku": sku, "name": "Lip balm", "customsTariffNumber": "330499",
                                                  "countryOfOrigin": "de"}}, token=shop["staff"])
    product = result["data"]["productCreate"]["product"]
    assert result["data"]["productCreate"]["errors"] == []
    assert product["family"]["name"] == "Lip balm" and product["family"]["code"] is None
    assert product["family"]["variantCount"] == 1
    assert (product["customsTariffNumber"], product["countryOfOrigin"]) == ("330499", "DE")
    family = await ProductFamily.objects().where(ProductFamily.name == "Lip balm").order_by(ProductFamily.created_at, ascending=False).first()
    assert family.customs_tariff_number == "330499" and gid("ProductFamily", family.id) == product["family"]["id"]
    # One new product, one event: its payload names the family of one made with it.
    row = await Product.objects().where(Product.sku == sku).first()
    events = await Event.objects().where(Event.entity_id.is_in([family.id, row.id])).order_by(Event.seq)
    assert [e.type for e in events] == ["product.created"]
    assert json.loads(events[0].payload)["familyId"] == str(family.id)


async def test_a_variant_joins_a_family_through_product_create(api, shop):
    tag = unique("ADD-").upper()
    created = await api.gql(FAMILY_CREATE, {"i": _tee(tag, sizes=("M",), colours=("Navy",))}, token=shop["staff"])
    family_id = created["data"]["productFamilyCreate"]["productFamily"]["id"]
    result = await api.gql(PRODUCT_CREATE, {"i": {"familyId": family_id, "sku": f"{tag}-L", "size": "L", "colour": "Navy"}},
                           token=shop["staff"])
    product = result["data"]["productCreate"]["product"]
    assert result["data"]["productCreate"]["errors"] == []
    assert product["name"] == "Merino Tee L Navy" and product["family"]["variantCount"] == 2
    assert product["customsTariffNumber"] == "61091000"  # the family's
    before = await _counts()
    # The same size and colour again (case does not count), customs data of its own, another merchant's family.
    same = await api.gql(PRODUCT_CREATE, {"i": {"familyId": family_id, "sku": f"{tag}-L2", "size": "l", "colour": "NAVY"}}, token=shop["staff"])
    assert [(e["field"], e["code"]) for e in same["data"]["productCreate"]["errors"]] == [("size", "DUPLICATE")]
    assert f"{tag}-L" in same["data"]["productCreate"]["errors"][0]["message"]
    customs = await api.gql(PRODUCT_CREATE, {"i": {"familyId": family_id, "sku": f"{tag}-XL", "size": "XL", "countryOfOrigin": "IT"}},
                            token=shop["staff"])
    assert [(e["field"], e["code"]) for e in customs["data"]["productCreate"]["errors"]] == [("countryOfOrigin", "INVALID")]
    foreign = await api.gql(PRODUCT_CREATE, {"i": {"familyId": family_id, "sku": f"{tag}-XL", "size": "XL"}}, token=shop["other_admin"])
    assert [(e["field"], e["code"]) for e in foreign["data"]["productCreate"]["errors"]] == [("familyId", "NOT_FOUND")]
    unknown = await api.gql(PRODUCT_CREATE, {"i": {"familyId": gid("ProductFamily", "00000000-0000-4000-8000-000000000000"),
                                                   "sku": f"{tag}-XL"}}, token=shop["staff"])
    assert unknown["data"]["productCreate"]["errors"] == foreign["data"]["productCreate"]["errors"]
    wrong_type = await api.gql(PRODUCT_CREATE, {"i": {"familyId": shop["tenant"].merchant_gid, "sku": f"{tag}-XL"}}, token=shop["staff"])
    assert [(e["field"], e["code"]) for e in wrong_type["data"]["productCreate"]["errors"]] == [("familyId", "INVALID_ID")]
    mismatch = await api.gql(PRODUCT_CREATE, {"i": {"familyId": family_id, "sku": f"{tag}-XL", "merchantId": shop["other"].merchant_gid}},
                             token=shop["operator"])
    assert [(e["field"], e["code"]) for e in mismatch["data"]["productCreate"]["errors"]] == [("familyId", "NOT_FOUND")]
    assert await _counts() == before
    # An operator adds to any merchant's family; the family names the merchant.
    operator = await api.gql(PRODUCT_CREATE, {"i": {"familyId": family_id, "sku": f"{tag}-XL", "size": "XL", "colour": "Navy"}},
                             token=shop["operator"])
    assert operator["data"]["productCreate"]["errors"] == []
    assert operator["data"]["productCreate"]["product"]["family"]["variantCount"] == 3


async def test_two_agents_adding_the_same_size_at_once_get_one_variant(api, shop):
    tag = unique("RACE-").upper()
    created = await api.gql(FAMILY_CREATE, {"i": {"name": "Race tee"}}, token=shop["staff"])
    family_id = created["data"]["productFamilyCreate"]["productFamily"]["id"]
    results = await asyncio.gather(*(
        api.gql(PRODUCT_CREATE, {"i": {"familyId": family_id, "sku": f"{tag}-{n}", "size": "M", "colour": "Red"}}, token=shop["staff"])
        for n in range(6)
    ))
    errors = [r["data"]["productCreate"]["errors"] for r in results]
    assert sum(1 for e in errors if e == []) == 1
    assert all(e == [] or [x["code"] for x in e] == ["DUPLICATE"] for e in errors)
    assert await Product.count().where(Product.sku.like(f"{tag}-%")) == 1


async def test_family_update_changes_only_what_is_given(api, shop):
    tag = unique("UPD-").upper()
    created = await api.gql(FAMILY_CREATE, {"i": _tee(tag, sizes=("M",), colours=("Navy",))}, token=shop["staff"])
    family = created["data"]["productFamilyCreate"]["productFamily"]
    result = await api.gql(FAMILY_UPDATE, {"i": {"familyId": family["id"], "name": "Merino Tee Classic", "images": [],
                                                 "countryOfOrigin": None}}, token=shop["admin"])
    updated = result["data"]["productFamilyUpdate"]["productFamily"]
    assert result["data"]["productFamilyUpdate"]["errors"] == []
    assert (updated["name"], updated["images"], updated["countryOfOrigin"]) == ("Merino Tee Classic", [], None)
    assert (updated["description"], updated["customsTariffNumber"], updated["code"]) == ("Soft.\nWarm.", "61091000", tag)
    event = await Event.objects().where((Event.type == "product_family.updated")).order_by(Event.seq, ascending=False).first()
    assert set(json.loads(event.payload)["changes"]) == {"name", "images", "countryOfOrigin"}
    # The same again changes nothing and records nothing.
    before = await _counts()
    same = await api.gql(FAMILY_UPDATE, {"i": {"familyId": family["id"], "name": "Merino Tee Classic"}}, token=shop["admin"])
    assert same["data"]["productFamilyUpdate"]["errors"] == []
    # Bad input, a taken code, another merchant's family: errors, nothing changes.
    other_code = unique("OTHER-").upper()
    await api.gql(FAMILY_CREATE, {"i": {"name": "Other", "code": other_code}}, token=shop["staff"])
    before = await _counts()
    bad = await api.gql(FAMILY_UPDATE, {"i": {"familyId": family["id"], "name": None, "images": ["not a url"],
                                              "description": "x" * 5001}}, token=shop["admin"])
    assert {(e["field"], e["code"]) for e in bad["data"]["productFamilyUpdate"]["errors"]} == {
        ("name", "REQUIRED"), ("images", "INVALID"), ("description", "TOO_LONG")}
    code = await api.gql(FAMILY_UPDATE, {"i": {"familyId": family["id"], "code": other_code}}, token=shop["admin"])
    assert [(e["field"], e["code"]) for e in code["data"]["productFamilyUpdate"]["errors"]] == [("code", "DUPLICATE")]
    foreign = await api.gql(FAMILY_UPDATE, {"i": {"familyId": family["id"], "name": "Mine"}}, token=shop["other_admin"])
    assert foreign["data"]["productFamilyUpdate"] == {"productFamily": None, "errors": [
        {"field": "familyId", "code": "NOT_FOUND", "message": "No such product family"}]}
    assert await _counts() == before
    assert (await ProductFamily.objects().where(ProductFamily.code == tag).first()).name == "Merino Tee Classic"


async def test_a_variant_moves_to_another_family_and_the_one_it_left_goes(api, shop):
    tag = unique("MOVE-").upper()
    created = await api.gql(FAMILY_CREATE, {"i": _tee(tag, sizes=("S", "M"), colours=("Navy",))}, token=shop["staff"])
    family = created["data"]["productFamilyCreate"]["productFamily"]
    single = await make_product(shop["tenant"].merchant, sku=f"{tag}-OLD", size="L", colour="Navy")
    single_family = single.family
    result = await api.gql(PRODUCT_UPDATE, {"i": {"productId": gid("Product", single.id), "familyId": family["id"]}},
                           token=shop["staff"])
    assert result["data"]["productUpdate"]["errors"] == []
    assert result["data"]["productUpdate"]["product"]["family"] == {
        "id": family["id"], "variantCount": 3, "sizes": ["S", "M", "L"], "colours": ["Navy"]}
    assert not await ProductFamily.exists().where(ProductFamily.id == single_family)
    events = await Event.objects().where(Event.entity_id.is_in([single.id, single_family])).order_by(Event.seq)
    assert [e.type for e in events][-2:] == ["product.updated", "product_family.deleted"]
    assert json.loads(events[-2].payload)["changes"]["familyId"] == {"before": str(single_family),
                                                                     "after": str(await _family_of(single.id))}
    # Into a family whose slot is taken; without a family; into another merchant's family: refused, nothing moves.
    another = await make_product(shop["tenant"].merchant, sku=f"{tag}-DUP", size="M", colour="navy")
    theirs = await make_product(shop["other"].merchant)
    before = await _counts()
    taken = await api.gql(PRODUCT_UPDATE, {"i": {"productId": gid("Product", another.id), "familyId": family["id"]}}, token=shop["staff"])
    assert [(e["field"], e["code"]) for e in taken["data"]["productUpdate"]["errors"]] == [("size", "DUPLICATE")]
    none = await api.gql(PRODUCT_UPDATE, {"i": {"productId": gid("Product", another.id), "familyId": None}}, token=shop["staff"])
    assert [(e["field"], e["code"]) for e in none["data"]["productUpdate"]["errors"]] == [("familyId", "REQUIRED")]
    foreign = await api.gql(PRODUCT_UPDATE, {"i": {"productId": gid("Product", another.id),
                                                   "familyId": gid("ProductFamily", theirs.family)}}, token=shop["staff"])
    assert [(e["field"], e["code"]) for e in foreign["data"]["productUpdate"]["errors"]] == [("familyId", "NOT_FOUND")]
    by_operator = await api.gql(PRODUCT_UPDATE, {"i": {"productId": gid("Product", another.id),
                                                       "familyId": gid("ProductFamily", theirs.family)}}, token=shop["operator"])
    assert [(e["field"], e["code"]) for e in by_operator["data"]["productUpdate"]["errors"]] == [("familyId", "NOT_FOUND")]
    assert await _counts() == before
    # A new size that another variant has is refused too; a free one is taken.
    variant = family["variants"][0]
    clash = await api.gql(PRODUCT_UPDATE, {"i": {"productId": variant["id"], "size": "L"}}, token=shop["staff"])
    assert [(e["field"], e["code"]) for e in clash["data"]["productUpdate"]["errors"]] == [("size", "DUPLICATE")]
    free = await api.gql(PRODUCT_UPDATE, {"i": {"productId": variant["id"], "size": "XS"}}, token=shop["staff"])
    assert free["data"]["productUpdate"]["product"]["family"]["sizes"] == ["XS", "M", "L"]


async def _family_of(product_id) -> object:  # noqa: ANN001
    return (await Product.select(Product.family).where(Product.id == product_id).first())["family"]


async def test_families_are_listed_searched_and_sorted(api, shop):
    tag = unique("LIST").upper()
    for name, sizes in (("Alpaca Socks", ("39-42", "43-46")), ("Merino Tee", ("S",))):
        result = await api.gql(FAMILY_CREATE, {"i": {**_tee(f"{tag}-{name[:3].upper()}", sizes=sizes, colours=("Grey",)),
                                                     "name": name}}, token=shop["staff"])
        assert result["data"]["productFamilyCreate"]["errors"] == []
    mine = await api.gql(FAMILIES, {"f": {"search": tag}, "s": {"field": "NAME", "direction": "DESC"}}, token=shop["staff"])
    assert [e["node"]["name"] for e in mine["data"]["productFamilies"]["edges"]] == ["Merino Tee", "Alpaca Socks"]
    assert [e["node"]["variantCount"] for e in mine["data"]["productFamilies"]["edges"]] == [1, 2]
    # By a variant's SKU, by the family's name; the variants of one family, and products found by their family's name.
    by_sku = await api.gql(FAMILIES, {"f": {"search": f"{tag}-ALP-43-46"}}, token=shop["staff"])
    assert [e["node"]["name"] for e in by_sku["data"]["productFamilies"]["edges"]] == ["Alpaca Socks"]
    family = (await ProductFamily.objects().where(ProductFamily.code == f"{tag}-ALP").first())
    variants = await api.gql("query($f: ProductFilter) { products(filter: $f) { edges { node { sku } } } }",
                             {"f": {"familyId": gid("ProductFamily", family.id)}}, token=shop["staff"])
    assert [e["node"]["sku"] for e in variants["data"]["products"]["edges"]] == [f"{tag}-ALP-39-42-GRE", f"{tag}-ALP-43-46-GRE"]
    await ProductFamily.update({ProductFamily.name: f"Alpaca Socks {tag}"}).where(ProductFamily.id == family.id)
    by_family_name = await api.gql("query($f: ProductFilter) { products(filter: $f) { totalCount } }",
                                   {"f": {"search": f"socks {tag}".lower()}}, token=shop["staff"])
    assert by_family_name["data"]["products"]["totalCount"] == 2
    # Another merchant sees none of it: not in the list, not by search, not in its count.
    theirs = await api.gql(FAMILIES, {"f": {"search": tag}}, token=shop["other_admin"])
    assert theirs["data"]["productFamilies"] == {"totalCount": 0, "edges": []}
    scoped = await api.gql(FAMILIES, {"f": {"merchantId": shop["tenant"].merchant_gid}}, token=shop["other_admin"])
    assert scoped["data"]["productFamilies"]["totalCount"] == 0
    their_products = await api.gql("query($f: ProductFilter) { products(filter: $f) { totalCount } }",
                                   {"f": {"familyId": gid("ProductFamily", family.id)}}, token=shop["other_admin"])
    assert their_products["data"]["products"]["totalCount"] == 0
    operator = await api.gql(FAMILIES, {"f": {"search": tag, "merchantId": shop["tenant"].merchant_gid}}, token=shop["operator"])
    assert operator["data"]["productFamilies"]["totalCount"] == 2


async def test_another_merchants_family_is_never_visible(api, shop):
    tag = unique("HIDE-").upper()
    created = await api.gql(FAMILY_CREATE, {"i": _tee(tag, sizes=("M",), colours=("Navy",))}, token=shop["staff"])
    family = created["data"]["productFamilyCreate"]["productFamily"]
    node = await api.gql(FAMILY_NODE, {"id": family["id"]}, token=shop["other_admin"])
    assert node["data"]["node"] is None
    nodes = await api.gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [family["id"], family["variants"][0]["id"]]},
                          token=shop["other_admin"])
    assert nodes["data"]["nodes"] == [None, None]
    unknown = await api.gql(FAMILY_NODE, {"id": gid("ProductFamily", "00000000-0000-4000-8000-000000000000")}, token=shop["other_admin"])
    assert unknown == node
    # The warehouse (which reads every merchant's products) and operators see it.
    warehouse = await api.login((await make_user(Role.WAREHOUSE)).email)
    seen = await api.gql(FAMILY_NODE, {"id": family["id"]}, token=warehouse)
    assert seen["data"]["node"]["code"] == tag


async def test_family_events_reach_only_their_merchant(api, shop):
    other_token = await api.login(shop["other"].staff.email)
    async with (
        Subscription(api, shop["staff"], EVENTS, {"topics": ["PRODUCT", "STOCK"]}) as mine,
        Subscription(api, other_token, EVENTS, {"topics": ["PRODUCT", "STOCK"]}) as theirs,
    ):
        await asyncio.sleep(0.3)
        tag = unique("EVT-").upper()
        created = await api.gql(FAMILY_CREATE, {"i": _tee(tag, sizes=("M",), colours=("Navy",))}, token=shop["staff"])
        family = created["data"]["productFamilyCreate"]["productFamily"]
        await api.gql(FAMILY_UPDATE, {"i": {"familyId": family["id"], "name": "Renamed"}}, token=shop["staff"])
        events = await mine.collect(3)
        assert [(e["type"], e["entityId"]) for e in events] == [
            ("product_family.created", family["id"]), ("product.created", family["variants"][0]["id"]),
            ("product_family.updated", family["id"])]
        assert events[1]["payload"]["size"] == "M" and events[1]["payload"]["colour"] == "Navy"
        await theirs.expect_silence(1.0)


async def test_stock_shows_per_variant_in_the_family(api, shop):
    tag = unique("STK-").upper()
    created = await api.gql(FAMILY_CREATE, {"i": _tee(tag, sizes=("S", "M"), colours=("Navy",))}, token=shop["staff"])
    family = created["data"]["productFamilyCreate"]["productFamily"]
    warehouse = await make_warehouse()
    medium = await Product.objects().where(Product.sku == f"{tag}-M-NAV").first()
    await put_stock(medium, warehouse, 7)
    result = await api.gql("query($id: ID!) { node(id: $id) { ... on ProductFamily { variants { size stockTotal { available } } } } }",
                           {"id": family["id"]}, token=shop["staff"])
    assert result["data"]["node"]["variants"] == [{"size": "S", "stockTotal": {"available": 0}},
                                                  {"size": "M", "stockTotal": {"available": 7}}]
    # Archived variants leave the grid (unless asked for).
    await api.gql("mutation($i: ProductArchiveInput!) { productArchive(input: $i) { errors { code } } }",
                  {"i": {"productId": family["variants"][0]["id"]}}, token=shop["staff"])
    after = await api.gql("query($id: ID!) { node(id: $id) { ... on ProductFamily { sizes variantCount "
                          "all: variants(includeArchived: true) { size } } } }", {"id": family["id"]}, token=shop["staff"])
    assert after["data"]["node"] == {"sizes": ["M"], "variantCount": 1, "all": [{"size": "S"}, {"size": "M"}]}


async def test_the_demo_has_a_stocked_t_shirt_family(database):
    from backend.demo.seed import seed

    await seed()
    await seed()  # again: nothing twice
    family = await ProductFamily.objects().where(ProductFamily.code == "BW-TEE").first()
    variants = await Product.objects().where(Product.family == family.id)
    assert len(variants) == 12 and {v.size for v in variants} == {"S", "M", "L", "XL"}
    assert {v.colour for v in variants} == {"Schwarz", "Navy", "Rot"}
    assert all(v.barcode for v in variants)


def test_the_migration_makes_every_existing_product_a_family_of_one():
    url = TEST_DATABASE_URL + "_families"
    env = {**os.environ, "DATABASE_URL": url, "PACKLINE_TEST_DATABASE_URL": url}
    try:
        done = subprocess.run([sys.executable, "-m", "tests.integration.families_migration", url], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run([sys.executable, "-c", "import asyncio, sys; from backend.core.db import drop_database; "
                        "asyncio.run(drop_database(sys.argv[1]))", url], cwd=ROOT, env=env, check=True, timeout=60)
    assert found["families"] == 3
    assert "customs_tariff_number" not in found["productColumns"] and "family" in found["productColumns"]
    products = {p["sku"]: p for p in found["products"]}
    for product in products.values():
        # Each its own family, which took the product's id, name and customs data.
        assert product["family"] == product["family_id"] == product["id"] and product["same_merchant"]
        assert product["code"] is None and product["images"] == []
    shirt, red, soap = products["SHIRT-M"], products["SHIRT-RED"], products["SOAP"]
    assert (shirt["family_name"], shirt["customs_tariff_number"], shirt["country_of_origin"]) == ("Shirt M", "61091000", "PT")
    assert (shirt["size"], shirt["colour"], shirt["attributes"]) == ("M", "blue", {"material": "cotton"})
    assert (red["size"], red["colour"], red["attributes"]) == (None, "Red", {})
    assert (soap["size"], soap["colour"], soap["attributes"], soap["country_of_origin"]) == (None, None, {}, "DE")


IMPORT = "mutation($i: ProductsImportInput!) { productsImport(input: $i) { created updated errors { field code message } } }"


async def _family_rows(code: str) -> tuple[ProductFamily, list[Product]]:
    family = await ProductFamily.objects().where(ProductFamily.code == code).first()
    return family, await Product.objects().where(Product.family == family.id).order_by(Product.sku)


async def test_csv_rows_with_the_same_family_form_one(api, shop):
    tag = unique("CSVF").upper()
    old = await make_product(shop["tenant"].merchant, sku=f"{tag}-OLD", name="Old tee", size="L", colour="Black")
    csv = "\n".join([
        "sku,name,family,family_name,size,colour,customs_tariff_number,country_of_origin",
        f"{tag}-S-BLK,,{tag},Merino Tee,S,Black,61091000,PT",
        f"{tag}-M-BLK,,{tag},,M,Black,,",
        f"{tag}-S-NVY,Tee S navy,{tag},,S,Navy,,",
        f"{tag}-MUG,Mug,,,,,,",
        f"{tag}-CAP,Cap,,,,,650500,cn",
    ])
    first = await api.gql(IMPORT, {"i": {"csv": csv}}, token=shop["staff"])
    assert first["data"]["productsImport"] == {"created": 5, "updated": 0, "errors": []}
    family, variants = await _family_rows(tag)
    # Rows that leave the family's name and customs data blank do not disagree with the one that gives them.
    assert (family.name, family.customs_tariff_number, family.country_of_origin) == ("Merino Tee", "61091000", "PT")
    assert [(v.sku, v.name, v.size, v.colour) for v in variants] == [
        (f"{tag}-M-BLK", "Merino Tee M Black", "M", "Black"), (f"{tag}-S-BLK", "Merino Tee S Black", "S", "Black"),
        (f"{tag}-S-NVY", "Tee S navy", "S", "Navy")]
    # Rows without a family: each product a family of one, named after it, with its customs data.
    for sku, name, origin in ((f"{tag}-MUG", "Mug", None), (f"{tag}-CAP", "Cap", "CN")):
        product = await Product.objects().where(Product.sku == sku).first()
        own = await ProductFamily.objects().where(ProductFamily.id == product.family).first()
        assert (own.name, own.code, own.country_of_origin) == (name, None, origin)
        assert await Product.count().where(Product.family == own.id) == 1

    # Again with a new size, and a product that was a family of one joining: its old family goes.
    again = "\n".join(["sku,name,family,size,colour", f"{tag}-XL-BLK,,{tag},XL,Black", f"{tag}-OLD,Old tee,{tag},L,Black",
                       f"{tag}-S-BLK,,{tag},S,Black"])
    second = await api.gql(IMPORT, {"i": {"csv": again}}, token=shop["staff"])
    assert second["data"]["productsImport"] == {"created": 1, "updated": 1, "errors": []}
    family, variants = await _family_rows(tag)
    assert len(variants) == 5 and family.name == "Merino Tee"
    assert not await ProductFamily.exists().where(ProductFamily.id == old.family)
    grid = await api.gql("query($id: ID!) { node(id: $id) { ... on ProductFamily { sizes colours } } }",
                         {"id": gid("ProductFamily", family.id)}, token=shop["staff"])
    assert grid["data"]["node"] == {"sizes": ["S", "M", "L", "XL"], "colours": ["Black", "Navy"]}
    # Another merchant's file with the same family code makes a family of its own.
    theirs = await api.gql(IMPORT, {"i": {"csv": f"sku,name,family\n{tag}-S-BLK,Theirs,{tag}\n"}}, token=shop["other_admin"])
    assert theirs["data"]["productsImport"] == {"created": 1, "updated": 0, "errors": []}
    assert await ProductFamily.count().where(ProductFamily.code == tag) == 2
    assert len((await _family_rows(tag))[1]) == 5


async def test_csv_family_rows_that_disagree_are_reported_by_line_and_nothing_is_imported(api, shop):
    tag = unique("CSVB").upper()
    created = await api.gql(FAMILY_CREATE, {"i": _tee(tag, sizes=("M",), colours=("Black",))}, token=shop["staff"])
    assert created["data"]["productFamilyCreate"]["errors"] == []
    before = await _counts()
    csv = "\n".join([
        "sku,name,family,family_name,size,colour,country_of_origin,barcode",
        f"{tag}-1,,{tag}-NEW,Tee,M,Black,PT,",          # 2: fine
        f"{tag}-2,,{tag}-NEW,Shirt,L,Black,IT,",        # 3: another name, another country
        f"{tag}-3,,{tag}-NEW,,m,black,,",               # 4: M Black again, in the file
        f"{tag}-4,,{tag}-NONAME,,S,,,",                 # 5: a new family without a name
        f"{tag}-5,,{tag},,M,Black,,",                   # 6: M Black again, in the catalog
        f"{tag}-6,,bad code!,,S,,,",                    # 7: not a family code
        f"{tag}-7,Seven,,,S,,,4006381333932",           # 8: a bad barcode
    ])
    result = await api.gql(IMPORT, {"i": {"csv": csv}}, token=shop["staff"])
    errors = result["data"]["productsImport"]["errors"]
    found = {(e["field"], e["code"]) for e in errors}
    assert found == {
        ("csv.line3.family_name", "INVALID"), ("csv.line3.country_of_origin", "INVALID"), ("csv.line4.size", "DUPLICATE"),
        ("csv.line5.family_name", "REQUIRED"), ("csv.line6.size", "DUPLICATE"), ("csv.line7.family", "INVALID"),
        ("csv.line8.barcode", "INVALID_BARCODE"),
    }
    messages = {e["field"]: e["message"] for e in errors}
    assert messages["csv.line3.family_name"] == f"Line 3: family_name: family {tag}-NEW has Tee on line 2"
    assert f"{tag}-1 (line 2)" in messages["csv.line4.size"] and f"{tag}-M-BLA" in messages["csv.line6.size"]
    assert [int(e["field"].split(".")[1][4:]) for e in errors] == sorted(int(e["field"].split(".")[1][4:]) for e in errors)
    assert result["data"]["productsImport"]["created"] == 0
    assert await _counts() == before
    # Size and colour are columns of their own.
    old_style = await api.gql(IMPORT, {"i": {"csv": f"sku,name,attr_size\n{tag}-9,Nine,M\n"}}, token=shop["staff"])
    assert [(e["field"], e["code"]) for e in old_style["data"]["productsImport"]["errors"]] == [("csv", "INVALID_CSV")]
    assert "size, colour" in old_style["data"]["productsImport"]["errors"][0]["message"]
