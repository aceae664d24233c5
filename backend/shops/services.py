"""The shops domain's front door: connecting a merchant's shops, testing them, pulling their orders as import
runs on the workers, uploading order files, taking their webhooks and telling them what shipped. Behind it:

- connections.py: connecting, updating, disconnecting and testing shops; reading them in the actor's scope
- runs.py: import runs (pulls and uploads) as jobs, their cursor, health and backoff
- webhooks.py: deliveries verified, stored once and processed on a worker
- importing.py: one shop order through the orders intake, the paged pull and an upload's orders
- woocommerce.py, woo_orders.py: WooCommerce's REST API v3 and its order shape; csv_orders.py: the file layout
- tracking.py: shipped parcels told back to the shops (a periodic job)
- credentials.py: the credentials' encryption; queue.py: the jobs handed to the workers
"""

from backend.shops.connections import (
    ShopInput,
    ShopTestResult,
    connect_shop,
    disconnect_shop,
    list_shops,
    secret_names_set,
    shops_by_ids,
    test_shop,
    update_shop,
)
from backend.shops.runs import (
    import_orders_csv,
    pull_due_shops,
    resume_stale_runs,
    run_import,
    runs_by_ids,
    runs_of,
    sync_now,
)
from backend.shops.tracking import push_tracking
from backend.shops.webhooks import WebhookAnswer, process_webhook, receive_webhook, requeue_unprocessed_deliveries

__all__ = [
    "ShopInput", "ShopTestResult", "WebhookAnswer", "connect_shop", "disconnect_shop", "import_orders_csv", "list_shops",
    "process_webhook", "pull_due_shops", "push_tracking", "receive_webhook", "requeue_unprocessed_deliveries",
    "resume_stale_runs", "run_import", "runs_by_ids", "runs_of", "secret_names_set", "shops_by_ids", "sync_now",
    "test_shop", "update_shop",
]
