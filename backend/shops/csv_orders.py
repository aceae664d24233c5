"""Orders in a CSV file (`ordersImport`): one row per order line, the rows of an order together under its order
number. The order's own columns are read from its first row; a later row of the same order may leave them empty,
and must not contradict them. The whole file is checked before anything is placed: every bad row is reported
with its line number (the header is line 1).

Columns (UTF-8, comma-separated, a header row with these names in any order; * required):
  order_number*   the shop's order number: the order's external id, so uploading a file again places nothing twice
  customer_name*  email  phone
  company  street*  street2  postal_code*  city*  region  country* (ISO code, e.g. DE)
  payment_method  (INVOICE, CARD, PAYPAL, BANK_TRANSFER, CHEQUE, CASH_ON_DELIVERY; default INVOICE)
  paid            (yes / no; default no)
  shipping_method (STANDARD, EXPRESS, NEXT_DAY, CLICK_AND_COLLECT; default STANDARD)
  shipping_price  currency (default EUR)  note
  sku*  quantity*  unit_price (gross)  tax_rate (percent, default 19)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from backend.core.errors import ValidationFailed
from backend.orders.model import (
    MAX_LINES,
    Customer,
    LineRequest,
    OrderRequest,
    OrderSource,
    PaymentMethod,
    PaymentStatus,
    ShippingMethod,
    clean_address,
    clean_currency,
    clean_email,
    clean_tax_rate,
    to_minor,
)

ORDER_COLUMNS = ("order_number", "customer_name", "email", "phone", "company", "street", "street2", "postal_code",
                 "city", "region", "country", "payment_method", "paid", "shipping_method", "shipping_price",
                 "currency", "note")
LINE_COLUMNS = ("sku", "quantity", "unit_price", "tax_rate")
REQUIRED = ("order_number", "customer_name", "street", "postal_code", "city", "country", "sku", "quantity")
MAX_ROWS = 20_000
MAX_BYTES = 5_000_000
TEMPLATE = (
    ",".join(ORDER_COLUMNS + LINE_COLUMNS) + "\r\n"
    "1001,Erika Mustermann,erika@example.com,,,Hauptstraße 5,,10115,Berlin,,DE,PAYPAL,yes,STANDARD,4.90,EUR,"
    "Bitte klingeln,TSHIRT-M,2,19.90,19\r\n"
    "1001,,,,,,,,,,,,,,,,,MUG-01,1,9.90,19\r\n"
)


@dataclass
class ParsedOrder:
    line: int
    request: OrderRequest
    order_values: dict[str, str] = field(default_factory=dict)
    # Each product's price and rate as first given, so that a product listed twice differently is caught here.
    prices: dict[UUID, tuple[str, str]] = field(default_factory=dict)


def _rows(content: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if len(content.encode()) > MAX_BYTES:
        raise ValidationFailed(f"The file is larger than {MAX_BYTES // 1_000_000} MB", field="csv", code="TOO_LONG")
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValidationFailed(f"Line 1: the header lacks {', '.join(missing)}", field="csv.1", code="REQUIRED")
    reader.fieldnames = header
    rows = [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]
    if not rows:
        raise ValidationFailed("The file has no order lines", field="csv", code="REQUIRED")
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(f"At most {MAX_ROWS} rows per file", field="csv", code="TOO_LONG")
    return header, rows


def _problem(line: int, column: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"Line {line}: {message}", field=f"csv.{line}.{column}")


def _enum_value(value: str, kind: type, default: str, line: int, column: str, problems: list) -> str:
    text = (value or default).upper()
    if text not in kind.__members__:
        problems.append(_problem(line, column, f"{value!r} is not one of {', '.join(kind.__members__)}"))
        return default
    return text


def _checked(line: int, column: str, problems: list, check, *args):  # noqa: ANN001, ANN002, ANN202
    try:
        return check(*args)
    except ValidationFailed as error:
        problems.append(_problem(line, column, error.message))
        return None


def _new_order(line: int, row: dict[str, str], problems: list) -> ParsedOrder:
    for column in ("customer_name", "street", "postal_code", "city", "country"):
        if not row.get(column):
            problems.append(_problem(line, column, f"{column} is required on the order's first row"))
    currency = _checked(line, "currency", problems, clean_currency, row.get("currency") or "EUR") or "EUR"
    if row.get("shipping_price"):
        _checked(line, "shipping_price", problems, to_minor, row["shipping_price"], currency, "shipping_price")
    _checked(line, "email", problems, clean_email, row.get("email"), "email")
    paid = (row.get("paid") or "no").lower()
    if paid not in ("yes", "no"):
        problems.append(_problem(line, "paid", "paid is yes or no"))
    address = {"name": row.get("customer_name", ""), "company": row.get("company", ""), "line1": row.get("street", ""),
               "line2": row.get("street2", ""), "postalCode": row.get("postal_code", ""), "city": row.get("city", ""),
               "region": row.get("region", ""), "country": row.get("country", ""), "phone": row.get("phone", "")}
    _checked(line, "street", problems, clean_address, address, "address")
    request = OrderRequest(
        currency=currency, customer=Customer(row.get("customer_name", ""), row.get("email", ""), row.get("phone", "")),
        payment_method=_enum_value(row.get("payment_method", ""), PaymentMethod, "INVOICE", line, "payment_method", problems),
        payment_status=(PaymentStatus.PAID if paid == "yes" else PaymentStatus.PENDING).value,
        shipping_method=_enum_value(row.get("shipping_method", ""), ShippingMethod, "STANDARD", line, "shipping_method", problems),
        shipping_price=row.get("shipping_price") or "0", shipping_address=address, customer_note=row.get("note", "")[:1000],
        source=OrderSource.SHOP.value, external_id=row["order_number"][:100], external_number=row["order_number"][:100],
    )
    return ParsedOrder(line, request, {c: row.get(c, "") for c in ORDER_COLUMNS})


def _line(line: int, row: dict[str, str], order: ParsedOrder, product_of: Callable[[str], UUID | None],
          problems: list) -> None:
    sku = row.get("sku", "")
    product_id = product_of(sku) if sku else None
    if not sku:
        problems.append(_problem(line, "sku", "sku is required"))
    elif product_id is None:
        problems.append(_problem(line, "sku", f"No product with SKU {sku}"))
    quantity = row.get("quantity", "")
    if not quantity.isdigit() or not 1 <= int(quantity) <= 100_000:
        problems.append(_problem(line, "quantity", "quantity is a whole number from 1 to 100000"))
    reported = len(problems)
    if row.get("unit_price"):
        _checked(line, "unit_price", problems, to_minor, row["unit_price"], order.request.currency, "unit_price")
    if row.get("tax_rate"):
        _checked(line, "tax_rate", problems, clean_tax_rate, row["tax_rate"], "tax_rate")
    price = (row.get("unit_price", ""), row.get("tax_rate", ""))
    if product_id is not None and len(problems) == reported and order.prices.setdefault(product_id, price) != price:
        problems.append(_problem(line, "unit_price", f"{sku} is listed twice in the order at different prices"))
    if product_id is not None and quantity.isdigit():
        order.request.lines.append(LineRequest(product_id, int(quantity), row.get("unit_price") or None,
                                               row.get("tax_rate") or None))


def parse_orders(content: str, product_of: Callable[[str], UUID | None]) -> list[ParsedOrder]:
    """Every order of the file; or `CsvProblems` with every bad cell, each naming its line (the file's whole
    structure is checked first: a header or size problem alone is raised as `ValidationFailed`)."""
    _, rows = _rows(content)
    orders: dict[str, ParsedOrder] = {}
    problems: list[ValidationFailed] = []
    for line, row in rows:
        number = row.get("order_number", "")
        if not number:
            problems.append(_problem(line, "order_number", "order_number is required"))
            continue
        order = orders.get(number)
        if order is None:
            order = orders[number] = _new_order(line, row, problems)
        else:
            for column in ORDER_COLUMNS:
                if row.get(column) and row[column] != order.order_values[column]:
                    problems.append(_problem(line, column, f"{column} differs from order {number}'s first row "
                                                           f"(line {order.line})"))
        _line(line, row, order, product_of, problems)
        if len(order.request.lines) > MAX_LINES:
            problems.append(_problem(line, "sku", f"Order {number} has more than {MAX_LINES} lines"))
    if problems:
        raise CsvProblems(problems)
    return list(orders.values())


class CsvProblems(Exception):
    def __init__(self, problems: list[ValidationFailed]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def skus_in(content: str) -> set[str]:
    try:
        _, rows = _rows(content)
    except ValidationFailed:
        return set()
    return {row.get("sku", "") for _, row in rows if row.get("sku")}
