"""The delivery note (Lieferschein, packing slip) that goes in the box with a parcel: who sends it (the merchant's
logo, name and address), where it goes (the ship-to address, never the customer's phone or e-mail), the order,
its date and shipping method, the parcel, and what is in it — prices only when the merchant wants them — with the
order number as a Code 128 the packer scans. Pure rendering: `render_delivery_notes(notes, paper_format)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm

from backend.documents.layout import PAPERS, Barcode, Cell, Document, Logo, Paper, PaperFormat, Row, Rule, Space, Text, render
from backend.documents.words import money, words


@dataclass(frozen=True)
class NoteLine:
    sku: str
    name: str
    variant: str
    # Units in this delivery, and ordered.
    quantity: int
    ordered: int
    # Decimal strings; shown only when the merchant's packing slips show prices.
    unit_price: str = ""
    amount: str = ""


@dataclass(frozen=True)
class DeliveryNote:
    language: str
    merchant_name: str
    order_number: str
    order_date: date
    shipping_method: str
    ship_to: list[str]
    lines: list[NoteLine]
    merchant_address: list[str] = field(default_factory=list)
    logo: bytes | None = None
    shop_order_number: str = ""
    # The parcel(s) this note goes with, e.g. ["P-12 (1/2)"]; empty before packing.
    parcels: list[str] = field(default_factory=list)
    # Units of the order still to come in other parcels.
    units_to_follow: int = 0
    show_prices: bool = False
    currency: str = ""
    shipping_price: str = ""
    total: str = ""


def render_delivery_notes(notes: list[DeliveryNote], paper_format: PaperFormat) -> bytes:
    """One PDF, each note from a fresh page."""
    paper = PAPERS[PaperFormat(paper_format)]
    return render([delivery_note_document(note, paper) for note in notes], paper_format,
                  title=words(notes[0].language)["delivery_note"] if notes else "")


def delivery_note_document(note: DeliveryNote, paper: Paper) -> Document:
    w = words(note.language)
    size = paper.text_size
    blocks = [*_sender(note, paper), Text(w["delivery_note"], size + 6, bold=True, space_after=2),
              Barcode(note.order_number, paper.bar_height), Space(2), *_facts(note, paper),
              Space(4), Text(w["ship_to"], size, bold=True), *[Text(line, size + 1) for line in note.ship_to],
              Space(6), *_lines(note, paper)]
    if note.units_to_follow:
        blocks += [Space(4), Text(w["follows"].format(units=note.units_to_follow), size)]
    return Document(blocks, footer=f"{note.merchant_name} \u00b7 {w['order']} {note.order_number}")


def _sender(note: DeliveryNote, paper: Paper) -> list:
    blocks: list = []
    if note.logo:
        blocks.append(Logo(note.logo, max_height=18 * mm if paper.wide else 12 * mm))
    blocks.append(Text(note.merchant_name, paper.text_size + 2, bold=True))
    blocks += [Text(line, paper.text_size - 1) for line in note.merchant_address]
    return [*blocks, Space(6)]


def _facts(note: DeliveryNote, paper: Paper) -> list:
    w = words(note.language)
    when = note.order_date.strftime("%d.%m.%Y" if note.language == "de" else "%Y-%m-%d")
    facts = [(w["order"], note.order_number)]
    if note.shop_order_number:
        facts.append((w["shop_order"], note.shop_order_number))
    facts += [(w["date"], when), (w["shipping_method"], w.get(note.shipping_method, note.shipping_method)),
              (w["parcels"] if len(note.parcels) > 1 else w["parcel"], ", ".join(note.parcels) or w["not_packed"])]
    return [Row([Cell(label, 2, bold=True), Cell(value, 5 if paper.wide else 3)], paper.text_size, space_after=0.5)
            for label, value in facts]


def _lines(note: DeliveryNote, paper: Paper) -> list:
    w = words(note.language)
    size = paper.text_size
    prices = note.show_prices

    def cells(sku: str, product: str, quantity: str, unit_price: str, amount: str, bold: bool = False) -> list[Cell]:
        if paper.wide:
            row = [Cell(sku, 2.2, bold=bold), Cell(product, 5, bold=bold), Cell(quantity, 1.6, "right", bold)]
            return row + ([Cell(unit_price, 1.6, "right", bold), Cell(amount, 1.6, "right", bold)] if prices else [])
        row = [Cell(quantity, 1.3, bold=bold), Cell(f"{sku} {product}".strip(), 4, bold=bold)]
        return row + ([Cell(amount, 1.8, "right", bold)] if prices else [])

    rows: list = [Row(cells(w["sku"], w["product"], w["quantity"], w["unit_price"], w["amount"], bold=True), size),
                  Rule()]
    for line in note.lines:
        product = " \u00b7 ".join(part for part in (line.name, line.variant) if part)
        quantity = w["of_ordered"].format(shipped=line.quantity, ordered=line.ordered)
        rows.append(Row(cells(line.sku, product if paper.wide else f"\u2013 {product}", quantity,
                              _money(note, line.unit_price), _money(note, line.amount)), size))
    if prices:
        rows += [Rule(), Row(_total_cells(paper, w["shipping"], _money(note, note.shipping_price)), size),
                 Row(_total_cells(paper, w["total"], _money(note, note.total), bold=True), size)]
    return rows


def _total_cells(paper: Paper, label: str, value: str, bold: bool = False) -> list[Cell]:
    return [Cell(label, 8.8 if paper.wide else 5.3, "right", bold), Cell(value, 1.6 if paper.wide else 1.8, "right", bold)]


def _money(note: DeliveryNote, amount: str) -> str:
    return money(amount, note.currency, note.language) if amount else ""
