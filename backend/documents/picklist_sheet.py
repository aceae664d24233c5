"""The picklist on paper, for a picker without a handheld: its number as a Code 128 (scanned to take it), the
warehouse, the lines in walking order (bin, SKU, product, quantity, and the totes the units are sorted into), then
the orders with their totes. No prices, no customer data. Pure rendering: `render_picklist(sheet, paper_format)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.documents.layout import PAPERS, Barcode, Cell, Document, PaperFormat, Row, Rule, Space, Text, render
from backend.documents.words import words


@dataclass(frozen=True)
class SheetLine:
    bin: str
    sku: str
    name: str
    quantity: int
    # "tote × units" per order it serves, e.g. [(1, 2), (3, 1)].
    totes: list[tuple[int, int]]


@dataclass(frozen=True)
class SheetOrder:
    tote: int
    order_number: str
    merchant_name: str
    shipping_method: str


@dataclass(frozen=True)
class PicklistSheet:
    language: str
    number: str
    warehouse: str
    status: str
    created_at: datetime
    lines: list[SheetLine]
    orders: list[SheetOrder]


def render_picklist(sheet: PicklistSheet, paper_format: PaperFormat) -> bytes:
    paper = PAPERS[PaperFormat(paper_format)]
    w = words(sheet.language)
    size = paper.text_size
    facts = [(w["warehouse"], sheet.warehouse), (w["status"], sheet.status),
             (w["created"], sheet.created_at.strftime("%d.%m.%Y %H:%M UTC" if sheet.language == "de" else "%Y-%m-%d %H:%M UTC")),
             (w["lines"], str(len(sheet.lines))), (w["units"], str(sum(line.quantity for line in sheet.lines)))]
    blocks = [Text(f"{w['picklist']} {sheet.number}", size + 6, bold=True, space_after=2),
              Barcode(sheet.number, paper.bar_height), Space(2),
              *[Row([Cell(label, 2, bold=True), Cell(value, 5 if paper.wide else 3)], size, space_after=0.5)
                for label, value in facts],
              Space(6), *_walk(sheet, paper.wide, size), Space(8), *_orders(sheet, paper.wide, size)]
    return render([Document(blocks, footer=f"{w['picklist']} {sheet.number}")], paper_format,
                  title=f"{w['picklist']} {sheet.number}")


def _walk(sheet: PicklistSheet, wide: bool, size: float) -> list:
    w = words(sheet.language)

    def cells(bin_code: str, sku: str, name: str, quantity: str, totes: str, bold: bool = False) -> list[Cell]:
        if wide:
            return [Cell(bin_code, 1.6, bold=bold), Cell(sku, 2, bold=bold), Cell(name, 4, bold=bold),
                    Cell(quantity, 1, "right", bold), Cell(totes, 2.2, bold=bold)]
        return [Cell(bin_code, 1.6, bold=True), Cell(f"{sku} {name}".strip(), 3, bold=bold),
                Cell(quantity, 0.9, "right", True), Cell(totes, 1.6, bold=bold)]

    rows: list = [Row(cells(w["bin"], w["sku"], w["product"], w["quantity"], w["totes"], bold=True), size), Rule()]
    for line in sheet.lines:
        totes = ", ".join(f"{tote}: {units}" for tote, units in line.totes)
        rows.append(Row(cells(line.bin or f"({w['no_bin']})", line.sku, line.name if wide else f"\u2013 {line.name}",
                              str(line.quantity), totes), size))
    return rows


def _orders(sheet: PicklistSheet, wide: bool, size: float) -> list:
    w = words(sheet.language)
    rows: list = [Text(w["orders"], size + 1, bold=True, space_after=2)]
    header = [Cell(w["tote"], 1, bold=True), Cell(w["order"], 2.4, bold=True)]
    if wide:
        header += [Cell(w["merchant"], 3, bold=True),
                   Cell(w["shipping_method"], 2.5, bold=True)]
    rows += [Row(header, size), Rule()]
    for order in sheet.orders:
        cells = [Cell(str(order.tote), 1), Cell(order.order_number, 2.4)]
        if wide:
            cells += [Cell(order.merchant_name, 3), Cell(w.get(order.shipping_method, order.shipping_method), 2.5)]
        rows.append(Row(cells, size))
    return rows
