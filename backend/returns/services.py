"""Returns: the front door other code (the API, the worker, the demo) calls.

Behind it: `lifecycle.py` (announce, take in at the dock, resolve unidentified parcels, complete, cancel),
`inspection.py` (grade each item, restock / hold for the merchant / dispose, ship return batches), `rules.py`
(the merchant's disposition per grade), `photos.py` (uploads, thumbnails, signed links) and `queries.py`.
"""

from __future__ import annotations

from backend.returns.inspection import inspect_item, ship_batch
from backend.returns.lifecycle import (
    InvalidState,
    ReturnLine,
    cancel_return,
    complete_return,
    create_return,
    receive_return,
    resolve_return,
)
from backend.returns.photos import (
    MAX_PHOTO_BYTES,
    PhotoLink,
    add_photo,
    make_missing_thumbnails,
    make_thumbnail,
    photo_by_token,
    photo_link,
)
from backend.returns.queries import (
    ReturnFilter,
    batches_by_ids,
    items_by_ids,
    items_of,
    items_of_batches,
    list_batches,
    list_returns,
    order_numbers,
    photos_of,
    returns_by_ids,
    returns_of_orders,
)
from backend.returns.rules import disposition_rules, set_disposition_rules

__all__ = [
    "MAX_PHOTO_BYTES", "InvalidState", "PhotoLink", "ReturnFilter", "ReturnLine", "add_photo", "batches_by_ids",
    "cancel_return", "complete_return", "create_return", "disposition_rules", "inspect_item", "items_by_ids",
    "items_of", "items_of_batches", "list_batches", "list_returns", "make_missing_thumbnails", "order_numbers", "make_thumbnail",
    "photo_by_token", "photo_link", "photos_of", "receive_return", "resolve_return", "returns_by_ids",
    "returns_of_orders", "set_disposition_rules", "ship_batch",
]
