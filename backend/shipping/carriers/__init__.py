"""Carriers Packline ships with: MANUAL (a label printed elsewhere) and those with an adapter (`base.py`)."""

from __future__ import annotations

from backend.shipping.carriers.base import CarrierAdapter
from backend.shipping.carriers.dhl import DhlParcelDe
from backend.shipping.carriers.manual import MANUAL


def adapter(carrier: str) -> CarrierAdapter | None:
    """The adapter of a carrier Packline buys labels from; None for MANUAL or an unknown name."""
    if carrier == DhlParcelDe.name:
        # Built per use: it reads the settings, which hold no connection.
        return DhlParcelDe()
    return None


CARRIERS = (MANUAL, DhlParcelDe.name)
__all__ = ["CARRIERS", "MANUAL", "adapter"]
