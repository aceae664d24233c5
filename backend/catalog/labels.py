"""Product labels as PDF: a barcode (EAN-13, or Code 128 of the SKU), the SKU, the name and the variant.

Pure rendering, no database: `render_labels(labels, layout, copies)` returns the PDF's bytes.

- `A4_SHEET`: A4 sheets of 3 x 8 self-adhesive labels of 70 x 37 mm (the common 24-up sheet), filled row by row.
- `THERMAL_4X6`: one 4 x 6 in label per page, for thermal label printers.

Barcodes are sized for scanning, not for looks: full quiet zones (EAN-13: 11 modules left, 7 right; Code 128:
10 modules each side), and a module (the narrowest bar) that is a whole multiple of 1/100 in wherever the label
allows it. That is 2 dots at 200/203 dpi and 3 at 300 dpi, so thermal printers and rasterisers draw every bar at
its true width instead of rounding some bars up and others down, which is what makes narrow barcodes unreadable.
An A4 label fits a Code 128 of about 18 letters at that module (more when digits come in pairs), a 4 x 6 in label
about 27; longer SKUs get narrower bars, down to what fits, and may not scan at 203 dpi, but a barcode never
runs over the label's edge.

Text uses the PDF base fonts (Helvetica), which cover Latin-1 and so German umlauts and ß; characters they
cannot show are printed as "?".
"""

from __future__ import annotations

import enum
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.eanbc import Ean13BarcodeWidget
from reportlab.graphics.shapes import Drawing, Group, Rect
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch, mm
from reportlab.lib.validators import isNumberOrNone
from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.pdfgen.canvas import Canvas

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
ELLIPSIS = "\u2026"
EAN13_MODULES = 95
EAN13_QUIET_LEFT = 11
EAN13_QUIET_RIGHT = 7
CODE128_QUIET = 10
# The module step: 1/100 in = 0.254 mm.
MODULE_STEP = inch / 100
# Bar edges sit this far past the module grid (a quarter dot at 200 dpi, 3/8 at 300), and every bar is this
# much narrower than its nominal width (bar width reduction). Exactly on dot boundaries, rounding noise in a
# rasteriser or printer driver widens or shifts single bars by a whole dot, enough to misread a narrow code.
BAR_OFFSET = MODULE_STEP / 8
BAR_REDUCTION = MODULE_STEP / 16


class LabelLayout(str, enum.Enum):
    A4_SHEET = "A4_SHEET"
    THERMAL_4X6 = "THERMAL_4X6"


@dataclass(frozen=True)
class LabelData:
    sku: str
    name: str
    barcode: str | None = None
    # Short variant text such as "size M · colour blue" (see `variant_text`).
    variant: str = ""


@dataclass(frozen=True)
class Sheet:
    """Where labels sit on a page and how their contents are sized (all lengths in points)."""

    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    # Offset of the first column from the page's left edge and of the first row from its top edge.
    left: float
    top: float
    # Blank border inside each label, for printer margins and die-cut tolerance.
    padding_x: float
    padding_y: float
    # The barcode, quiet zones included, keeps this far from the label's left and right edges (its quiet
    # zones may lie in the padding, which is blank anyway).
    barcode_margin: float
    sku_size: float
    name_size: float
    name_lines: int
    variant_size: float
    variant_lines: int
    text_size: float  # the barcode's human-readable digits
    max_module: float  # the widest module used, a multiple of MODULE_STEP
    max_bar_height: float
    gap: float  # between the text block and the barcode
    # The barcode sits in the middle of the space below the text (else at the bottom of the label).
    barcode_centered: bool

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def boxes(self) -> list[tuple[float, float, float, float]]:
        """(x, y, width, height) of each label on a page, row by row from the top left; y from the bottom."""
        return [
            (self.left + column * self.label_width,
             self.page_height - self.top - (row + 1) * self.label_height,
             self.label_width, self.label_height)
            for row in range(self.rows) for column in range(self.columns)
        ]


SHEETS: dict[LabelLayout, Sheet] = {
    # 3 x 70 mm fill the 210 mm width exactly; 8 x 37 mm leave 0.5 mm at the top and bottom. The 4 mm / 3 mm
    # padding keeps everything clear of the printer's unprintable edge and of the die cuts.
    LabelLayout.A4_SHEET: Sheet(
        page_width=A4[0], page_height=A4[1], columns=3, rows=8, label_width=70 * mm, label_height=37 * mm,
        left=(A4[0] - 3 * 70 * mm) / 2, top=(A4[1] - 8 * 37 * mm) / 2, padding_x=4 * mm, padding_y=3 * mm,
        barcode_margin=2 * mm, sku_size=9, name_size=7.5, name_lines=2, variant_size=7, variant_lines=1, text_size=8,
        max_module=2 * MODULE_STEP, max_bar_height=16 * mm, gap=1.2 * mm, barcode_centered=False,
    ),
    LabelLayout.THERMAL_4X6: Sheet(
        page_width=4 * inch, page_height=6 * inch, columns=1, rows=1, label_width=4 * inch, label_height=6 * inch,
        left=0, top=0, padding_x=6 * mm, padding_y=6 * mm, barcode_margin=6 * mm,
        sku_size=24, name_size=16, name_lines=3, variant_size=14, variant_lines=2, text_size=14,
        max_module=2 * MODULE_STEP, max_bar_height=40 * mm, gap=8 * mm, barcode_centered=True,
    ),
}


class _Ean13(Ean13BarcodeWidget):
    # reportlab declares the quiet zones as booleans although it reads them as lengths.
    _attrMap = AttrMap(
        BASE=Ean13BarcodeWidget,
        lquiet=AttrMapValue(isNumberOrNone, desc="left quiet zone length"),
        rquiet=AttrMapValue(isNumberOrNone, desc="right quiet zone length"),
    )

    def draw(self) -> Group:
        group = super().draw()
        for shape in group.contents:
            if isinstance(shape, Rect) and shape.fillColor is not None:  # a bar, not the background
                shape.x += BAR_REDUCTION / 2
                shape.width -= BAR_REDUCTION
        return group


class _Code128(Code128):
    def rect(self, x: float, y: float, w: float, h: float) -> None:
        super().rect(x + BAR_REDUCTION / 2, y, w - BAR_REDUCTION, h)


def variant_text(attributes: Mapping[str, Any] | str | None, separator: str = " \u00b7 ") -> str:
    """'size M · colour blue' from a product's attributes (a dict, or its JSON text as the database returns it)."""
    if isinstance(attributes, str):
        try:
            attributes = json.loads(attributes)
        except ValueError:
            return ""
    if not isinstance(attributes, Mapping):
        return ""
    return separator.join(f"{name} {value}" for name, value in attributes.items() if str(value).strip())


def ean13_value(barcode: str | None) -> str | None:
    """The barcode when it is a valid EAN-13 (13 digits, right check digit), else None."""
    if barcode is None or len(barcode) != 13 or not barcode.isdigit():
        return None
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(barcode[:12]))
    return barcode if (10 - total % 10) % 10 == int(barcode[12]) else None


def render_labels(labels: list[LabelData], layout: LabelLayout, copies: int = 1) -> bytes:
    """A PDF with `copies` consecutive labels of each of `labels`, in the order given."""
    if not labels:
        raise ValueError("no labels to render")
    if copies < 1:
        raise ValueError("copies must be at least 1")
    sheet = SHEETS[LabelLayout(layout)]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(sheet.page_width, sheet.page_height), pageCompression=1, invariant=1)
    canvas.setTitle("Product labels")
    canvas.setCreator("Packline")
    # Sheets of labels only line up when printed at actual size.
    canvas.setViewerPreference("PrintScaling", "None")
    # Each label is drawn once, as a form XObject, and placed as often as it is wanted: copies cost
    # neither rendering time nor file size.
    forms = []
    for number, label in enumerate(labels):
        name = f"label{number}"
        canvas.beginForm(name, 0, 0, sheet.label_width, sheet.label_height)
        _draw_label(canvas, sheet, label, 0, 0, sheet.label_width, sheet.label_height)
        canvas.endForm()
        forms.append(name)
    boxes = sheet.boxes()
    for index, name in enumerate(_repeat(forms, copies)):
        slot = index % sheet.per_page
        if index and slot == 0:
            canvas.showPage()
        x, y, _, _ = boxes[slot]
        canvas.saveState()
        # On the module grid (a shift of at most 0.13 mm), so that bar edges fall on whole printer dots.
        canvas.translate(_snap(x), _snap(y))
        canvas.doForm(name)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _repeat(items: Iterable[str], copies: int) -> Iterable[str]:
    for item in items:
        for _ in range(copies):
            yield item


# ---------------------------------------------------------------- one label


def _draw_label(canvas: Canvas, sheet: Sheet, label: LabelData, x: float, y: float, width: float, height: float) -> None:
    left, right = x + sheet.padding_x, x + width - sheet.padding_x
    bottom, top = y + sheet.padding_y, y + height - sheet.padding_y
    text_width = right - left

    cursor = top
    cursor = _draw_lines(canvas, [_fit(_printable(label.sku), FONT_BOLD, sheet.sku_size, text_width)],
                         FONT_BOLD, sheet.sku_size, left, cursor)
    name = _wrap(_printable(label.name), FONT, sheet.name_size, text_width, sheet.name_lines)
    cursor = _draw_lines(canvas, name, FONT, sheet.name_size, left, cursor)
    if label.variant.strip():
        variant = _wrap(_printable(label.variant), FONT, sheet.variant_size, text_width, sheet.variant_lines)
        cursor = _draw_lines(canvas, variant, FONT, sheet.variant_size, left, cursor)

    area_height = cursor - sheet.gap - bottom
    area_left, area_width = x + sheet.barcode_margin, width - 2 * sheet.barcode_margin
    ean = ean13_value(label.barcode)
    if ean is not None:
        _draw_ean13(canvas, sheet, ean, area_left, bottom, area_width, area_height)
    else:
        _draw_code128(canvas, sheet, label.sku, area_left, bottom, area_width, area_height, text_width)


def _draw_lines(canvas: Canvas, lines: list[str], font: str, size: float, x: float, top: float) -> float:
    """Draw lines below `top`; returns the y below the last one."""
    leading = size * 1.18
    ascent = getAscent(font, size)
    canvas.setFont(font, size)
    for line in lines:
        canvas.drawString(x, top - ascent, line)
        top -= leading
    return top


def _draw_ean13(canvas: Canvas, sheet: Sheet, code: str, left: float, bottom: float, width: float, height: float) -> None:
    module = _module(sheet, EAN13_QUIET_LEFT + EAN13_MODULES + EAN13_QUIET_RIGHT, width)
    # The digits go under the bars, six to each half (42 modules wide); keep them inside.
    text_size = min(sheet.text_size, 42 * module * 0.9 / (6 * stringWidth("0", FONT, 1)))
    widget = _Ean13(
        code[:12], barWidth=module, barHeight=_bar_height(sheet, height), fontName=FONT, fontSize=text_size,
        # Quiet zones are given as lengths; a hair less than the exact multiple keeps the module count exact.
        lquiet=(EAN13_QUIET_LEFT - 0.01) * module, rquiet=(EAN13_QUIET_RIGHT - 0.01) * module,
    )
    drawing = Drawing(widget.width, widget.barHeight)
    drawing.add(widget)
    x = _snap(left + (width - widget.width) / 2) + BAR_OFFSET
    y = bottom + (height - widget.barHeight) / 2 if sheet.barcode_centered else bottom
    renderPDF.draw(drawing, canvas, x, y)


def _draw_code128(
    canvas: Canvas, sheet: Sheet, value: str, left: float, bottom: float, width: float, height: float, text_width: float,
) -> None:
    module = _module(sheet, Code128(value, barWidth=1, quiet=0).width + 2 * CODE128_QUIET, width)
    text = _fit(_printable(value), FONT, sheet.text_size, text_width)
    text_height = sheet.text_size * 1.4
    bar_height = _bar_height(sheet, height - text_height)
    quiet = CODE128_QUIET * module
    barcode = _Code128(value, barWidth=module, barHeight=bar_height, quiet=1, lquiet=quiet, rquiet=quiet, humanReadable=0)
    block = bar_height + text_height
    y = bottom + (height - block) / 2 if sheet.barcode_centered else bottom
    barcode.drawOn(canvas, _snap(left + (width - barcode.width) / 2) + BAR_OFFSET, y + text_height)
    canvas.setFont(FONT, sheet.text_size)
    baseline = y + text_height - getAscent(FONT, sheet.text_size) - 0.3 * sheet.text_size
    canvas.drawCentredString(left + width / 2, baseline, text)


def _module(sheet: Sheet, modules: float, width: float) -> float:
    """The widest module up to the sheet's maximum that fits `modules` into `width`: a whole number of dots at
    200/203 and 300 dpi (1, 2, ... times MODULE_STEP) or 3 dots at 203 dpi (1.5 times) where one fits, else
    whatever fits."""
    fits = min(width / modules, sheet.max_module) + 1e-9
    steps = [k for k in (1, 1.5, *range(2, 1 + round(sheet.max_module / MODULE_STEP))) if k * MODULE_STEP <= fits]
    return max(steps) * MODULE_STEP if steps else width / modules


def _snap(position: float) -> float:
    return round(position / MODULE_STEP) * MODULE_STEP


def _bar_height(sheet: Sheet, available: float) -> float:
    return max(min(sheet.max_bar_height, available), 5 * mm)


# ---------------------------------------------------------------- text


def _printable(text: str) -> str:
    """What the base fonts can show: Windows-1252, one line; anything else becomes '?'."""
    flat = " ".join(str(text).split())
    return flat.encode("cp1252", "replace").decode("cp1252")


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, cut with an ellipsis where it would be wider than `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Word-wrapped lines (long words broken), at most `max_lines`; the last one ellipsised if text remains."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = ""
        while words:
            candidate = f"{line} {words[0]}" if line else words[0]
            if stringWidth(candidate, font, size) <= width:
                line, words = candidate, words[1:]
                continue
            if not line:  # one word wider than the line: break it
                cut = len(words[0])
                while cut > 1 and stringWidth(words[0][:cut], font, size) > width:
                    cut -= 1
                line, words = words[0][:cut], [words[0][cut:], *words[1:]]
            break
        lines.append(line)
    if words and lines:
        # The next word did not fit on this line, so this always ends in an ellipsis.
        lines[-1] = _fit(f"{lines[-1]} {' '.join(words)}", font, size, width)
    return lines


__all__ = ["LabelData", "LabelLayout", "SHEETS", "Sheet", "ean13_value", "render_labels", "variant_text"]
