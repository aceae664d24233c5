"""The returns domain's vocabulary, without a database: states, reasons, grades, dispositions and the house's
default disposition per grade."""

from __future__ import annotations

import enum


class ReturnStatus(str, enum.Enum):
    ANNOUNCED = "ANNOUNCED"
    RECEIVED = "RECEIVED"
    INSPECTED = "INSPECTED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class ReturnSource(str, enum.Enum):
    MERCHANT = "MERCHANT"
    SUPPORT = "SUPPORT"
    WAREHOUSE = "WAREHOUSE"


class ReturnReason(str, enum.Enum):
    """Why the customer sends an item back (the list shops and carriers' return portals commonly offer)."""

    TOO_SMALL = "TOO_SMALL"
    TOO_LARGE = "TOO_LARGE"
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"
    DEFECTIVE = "DEFECTIVE"
    DAMAGED_IN_TRANSIT = "DAMAGED_IN_TRANSIT"
    WRONG_ITEM = "WRONG_ITEM"
    ARRIVED_TOO_LATE = "ARRIVED_TOO_LATE"
    CHANGED_MIND = "CHANGED_MIND"
    OTHER = "OTHER"
    # A parcel that arrived unannounced: nobody told us why.
    NOT_STATED = "NOT_STATED"


class Grade(str, enum.Enum):
    NEW = "NEW"
    LIKE_NEW = "LIKE_NEW"
    USED = "USED"
    DAMAGED = "DAMAGED"
    UNUSABLE = "UNUSABLE"


class Disposition(str, enum.Enum):
    RESTOCK = "RESTOCK"
    RETURN_TO_MERCHANT = "RETURN_TO_MERCHANT"
    DISPOSE = "DISPOSE"


class BatchStatus(str, enum.Enum):
    OPEN = "OPEN"
    SHIPPED = "SHIPPED"


# Sellable goods go back on the shelf, what the merchant may still sell elsewhere goes back to it, the rest is
# disposed of; a merchant changes this per grade.
HOUSE_DISPOSITIONS: dict[Grade, Disposition] = {
    Grade.NEW: Disposition.RESTOCK,
    Grade.LIKE_NEW: Disposition.RESTOCK,
    Grade.USED: Disposition.RETURN_TO_MERCHANT,
    Grade.DAMAGED: Disposition.RETURN_TO_MERCHANT,
    Grade.UNUSABLE: Disposition.DISPOSE,
}


def return_number(sequence: int) -> str:
    return f"R-{sequence}"


def batch_number(sequence: int) -> str:
    return f"RB-{sequence}"
