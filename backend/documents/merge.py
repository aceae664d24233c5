"""One PDF out of several (a picklist's delivery notes and the carriers' labels, in packing order), page by page
in the order given, each page keeping its own size."""

from __future__ import annotations

import io

import pypdfium2 as pdfium


def merge_pdfs(parts: list[bytes]) -> bytes:
    """The pages of `parts`, in order, as one PDF. Raises ValueError for a part that is no readable PDF."""
    if not parts:
        raise ValueError("nothing to merge")
    if len(parts) == 1:
        return parts[0]
    merged = pdfium.PdfDocument.new()
    try:
        for number, part in enumerate(parts):
            try:
                source = pdfium.PdfDocument(part)
            except pdfium.PdfiumError as error:
                raise ValueError(f"part {number} is no readable PDF: {error}") from None
            try:
                merged.import_pages(source)
            finally:
                source.close()
        out = io.BytesIO()
        merged.save(out)
        return out.getvalue()
    finally:
        merged.close()
