"""The paper documents are printed on, and a small flow layout for them: blocks (text, table rows, a barcode, a
logo, a rule) stacked from the top of the page, wrapped to its width, onto as many pages as they need.

- `A4`: office printers, 210 x 297 mm pages.
- `THERMAL_80MM`: receipt printers with an 80 mm roll (72 mm printable): one page as long as the document.
- `LABEL_4X6`: thermal label printers, 4 x 6 in labels, one after the other.

Each document starts on a page of its own, so one PDF can hold many (a picklist's delivery notes). Text uses the
PDF base fonts (Helvetica: Latin-1, so German umlauts and ß); characters they cannot show are printed as "?".
Pure rendering, no database.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass, field

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.pdfgen.canvas import Canvas

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
# Code 128 bars on whole printer dots at 203 and 300 dpi (see backend/catalog/labels.py), ten modules of quiet zone.
MODULE_STEP = inch / 100
BARCODE_QUIET = 10


class PaperFormat(str, enum.Enum):
    A4 = "A4"
    THERMAL_80MM = "THERMAL_80MM"
    LABEL_4X6 = "LABEL_4X6"


@dataclass(frozen=True)
class Paper:
    width: float
    # None: a roll, cut where the document ends.
    height: float | None
    margin: float
    # The body text size; headings and small print are sized from it.
    text_size: float
    # Whether a table has room for all its columns (else its rows are stacked).
    wide: bool
    bar_height: float

    @property
    def inner_width(self) -> float:
        return self.width - 2 * self.margin


PAPERS: dict[PaperFormat, Paper] = {
    PaperFormat.A4: Paper(A4[0], A4[1], 15 * mm, 9, wide=True, bar_height=14 * mm),
    # 80 mm paper, 72 mm of it printable.
    PaperFormat.THERMAL_80MM: Paper(80 * mm, None, 4 * mm, 8, wide=False, bar_height=12 * mm),
    PaperFormat.LABEL_4X6: Paper(4 * inch, 6 * inch, 5 * mm, 8, wide=False, bar_height=12 * mm),
}


def printable(text: object) -> str:
    """What the base fonts can show: Windows-1252, one line; anything else becomes '?'."""
    flat = " ".join(str(text).split())
    return flat.encode("cp1252", "replace").decode("cp1252")


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for line in simpleSplit(printable(text), font, size, width) or [""]:
        # A word wider than the column is broken where it reaches the edge.
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line)
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


# ---------------------------------------------------------------- blocks


class Block:
    def height(self, width: float) -> float:
        raise NotImplementedError

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        raise NotImplementedError


@dataclass
class Text(Block):
    text: str
    size: float
    bold: bool = False
    align: str = "left"
    space_after: float = 0

    @property
    def font(self) -> str:
        return FONT_BOLD if self.bold else FONT

    def height(self, width: float) -> float:
        return len(_lines(self.text, self.font, self.size, width)) * self.size * 1.2 + self.space_after

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        canvas.setFont(self.font, self.size)
        baseline = top - getAscent(self.font, self.size)
        for line in _lines(self.text, self.font, self.size, width):
            if self.align == "right":
                canvas.drawRightString(x + width, baseline, line)
            elif self.align == "center":
                canvas.drawCentredString(x + width / 2, baseline, line)
            else:
                canvas.drawString(x, baseline, line)
            baseline -= self.size * 1.2


@dataclass
class Cell:
    text: str
    # Share of the row's width.
    share: float
    align: str = "left"
    bold: bool = False


@dataclass
class Row(Block):
    """Table cells side by side, each wrapped in its column; the row is as high as its tallest cell."""

    cells: list[Cell]
    size: float
    gap: float = 2 * mm
    space_after: float = 1.5 * mm

    def _texts(self, width: float) -> list[tuple[Cell, float, Text]]:
        total = sum(c.share for c in self.cells)
        placed, x = [], 0.0
        for cell in self.cells:
            cell_width = width * cell.share / total
            placed.append((cell, x, Text(cell.text, self.size, cell.bold, cell.align)))
            x += cell_width
        return placed

    def _width(self, cell: Cell, width: float) -> float:
        return width * cell.share / sum(c.share for c in self.cells) - self.gap

    def height(self, width: float) -> float:
        return max(text.height(self._width(cell, width)) for cell, _, text in self._texts(width)) + self.space_after

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        for cell, offset, text in self._texts(width):
            text.draw(canvas, x + offset, top, self._width(cell, width))


@dataclass
class Rule(Block):
    space: float = 1.5 * mm

    def height(self, width: float) -> float:
        return 2 * self.space

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        canvas.setLineWidth(0.5)
        canvas.line(x, top - self.space, x + width, top - self.space)


@dataclass
class Space(Block):
    size: float

    def height(self, width: float) -> float:
        return self.size

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        return None


@dataclass
class Barcode(Block):
    """A Code 128 for a scanner, centred, with its text below it."""

    value: str
    bar_height: float
    text_size: float = 9

    def _module(self, width: float) -> float:
        modules = Code128(self.value, barWidth=1, quiet=0).width + 2 * BARCODE_QUIET
        fits = min(width / modules, 2 * MODULE_STEP) + 1e-9
        steps = [k for k in (1, 1.5, 2) if k * MODULE_STEP <= fits]
        return max(steps) * MODULE_STEP if steps else width / modules

    def height(self, width: float) -> float:
        return self.bar_height + self.text_size * 1.6

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        module = self._module(width)
        quiet = BARCODE_QUIET * module
        code = Code128(self.value, barWidth=module, barHeight=self.bar_height, quiet=1, lquiet=quiet, rquiet=quiet,
                       humanReadable=0)
        code.drawOn(canvas, x + (width - code.width) / 2, top - self.bar_height)
        canvas.setFont(FONT, self.text_size)
        canvas.drawCentredString(x + width / 2, top - self.bar_height - self.text_size * 1.2, printable(self.value))


@dataclass
class Logo(Block):
    image: bytes
    max_height: float
    max_width_share: float = 0.5
    _reader: ImageReader | None = field(default=None, repr=False)

    def _size(self, width: float) -> tuple[float, float]:
        if self._reader is None:
            self._reader = ImageReader(io.BytesIO(self.image))
        pixels_wide, pixels_high = self._reader.getSize()
        scale = min(self.max_height / pixels_high, width * self.max_width_share / pixels_wide)
        return pixels_wide * scale, pixels_high * scale

    def height(self, width: float) -> float:
        return self._size(width)[1] + 2 * mm

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        drawn_width, drawn_height = self._size(width)
        canvas.drawImage(self._reader, x, top - drawn_height, drawn_width, drawn_height, mask="auto")


# ---------------------------------------------------------------- documents


@dataclass
class Document:
    """One document's blocks, and the line its later pages and every page's foot repeat."""

    blocks: list[Block]
    footer: str = ""


def render(documents: list[Document], paper_format: PaperFormat, title: str) -> bytes:
    """A PDF of the documents, each from a fresh page; a roll's page is as long as its document."""
    if not documents:
        raise ValueError("nothing to render")
    paper = PAPERS[PaperFormat(paper_format)]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(paper.width, paper.height or paper.width), pageCompression=1, invariant=1)
    canvas.setTitle(printable(title))
    canvas.setCreator("Packline")
    canvas.setViewerPreference("PrintScaling", "None")
    for document in documents:
        if paper.height is None:
            _roll(canvas, paper, document)
        else:
            _pages(canvas, paper, document)
    canvas.save()
    return out.getvalue()


def _roll(canvas: Canvas, paper: Paper, document: Document) -> None:
    width = paper.inner_width
    footer = Text(document.footer, paper.text_size - 1.5) if document.footer else Space(0)
    length = sum(block.height(width) for block in document.blocks) + footer.height(width) + 2 * paper.margin + 4 * mm
    canvas.setPageSize((paper.width, length))
    top = length - paper.margin
    for block in document.blocks:
        block.draw(canvas, paper.margin, top, width)
        top -= block.height(width)
    footer.draw(canvas, paper.margin, top - 4 * mm, width)
    canvas.showPage()


def _pages(canvas: Canvas, paper: Paper, document: Document) -> None:
    width, height = paper.inner_width, paper.height
    assert height is not None
    canvas.setPageSize((paper.width, height))
    foot_size = paper.text_size - 1.5
    bottom = paper.margin + (foot_size * 2 if document.footer else 0)
    pages: list[list[Block]] = [[]]
    room = height - paper.margin - bottom
    for block in document.blocks:
        needed = block.height(width)
        if needed > room and pages[-1]:
            pages.append([])
            room = height - paper.margin - bottom
        pages[-1].append(block)
        room -= needed
    for number, blocks in enumerate(pages, start=1):
        top = height - paper.margin
        for block in blocks:
            block.draw(canvas, paper.margin, top, width)
            top -= block.height(width)
        if document.footer:
            canvas.setFont(FONT, foot_size)
            foot = printable(f"{document.footer} \u00b7 {number}/{len(pages)}")
            canvas.drawString(paper.margin, paper.margin, foot)
        canvas.showPage()


__all__ = ["Barcode", "Block", "Cell", "Document", "Logo", "PAPERS", "Paper", "PaperFormat", "Row", "Rule", "Space",
           "Text", "printable", "render"]
