"""DHL wants street and house number apart; orders keep them in one line."""

from __future__ import annotations

import pytest

from backend.shipping.carriers.base import CarrierRefused, LabelOrder, Recipient
from backend.shipping.carriers.dhl import _consignee


def consignee(line1: str, country: str = "DE", **extra: str) -> dict:
    recipient = Recipient(name="Erika Mustermann", company=extra.get("company", ""), line1=line1,
                          line2=extra.get("line2", ""), postal_code="10115", city="Berlin", country=country)
    return _consignee(LabelOrder(reference="packline-P-1", service="V01PAK", weight_grams=500, recipient=recipient))


@pytest.mark.parametrize(("line1", "street", "house"), [
    ("Hauptstr. 5", "Hauptstr.", "5"),
    ("Am Alten Markt 12a", "Am Alten Markt", "12a"),
    ("Straße des 17. Juni 135", "Straße des 17. Juni", "135"),
    ("Lindenallee 3-5", "Lindenallee", "3-5"),
    ("Postfach", "Postfach", None),
])
def test_the_house_number_is_split_off(line1, street, house):
    address = consignee(line1)
    assert (address["addressStreet"], address.get("addressHouse")) == (street, house)


def test_a_company_goes_first_and_the_person_second():
    address = consignee("Hauptstr. 5", company="Muster GmbH", line2="Hinterhaus")
    assert (address["name1"], address["name2"], address["additionalAddressInformation1"]) == (
        "Muster GmbH", "Erika Mustermann", "Hinterhaus")
    assert address["country"] == "DEU"


def test_a_country_dhl_parcel_de_does_not_serve_is_refused():
    with pytest.raises(CarrierRefused, match="does not deliver to US"):
        consignee("Main St 1", country="US")
