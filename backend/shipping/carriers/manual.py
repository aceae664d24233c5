"""The manual carrier: staff type the tracking number of a label printed elsewhere; Packline buys nothing."""

from __future__ import annotations

import re

from backend.core.errors import ValidationFailed

MANUAL = "MANUAL"
TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-/]{3,79}$")


def typed_label(tracking_number: str, tracking_url: str) -> tuple[str, str]:
    """The tracking number and address as typed, checked."""
    tracking_number = " ".join(tracking_number.split())
    if not TRACKING_NUMBER.match(tracking_number):
        raise ValidationFailed("Type the label's tracking number (4 to 80 letters and digits)",
                               field="trackingNumber", code="REQUIRED" if not tracking_number else "INVALID")
    if tracking_url and not re.match(r"^https://[^\s]{4,490}$", tracking_url):
        raise ValidationFailed("An https:// address", field="trackingUrl")
    return tracking_number, tracking_url
