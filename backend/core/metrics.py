"""Prometheus metrics of one process (each API process and worker exposes its own)."""

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter("packline_http_requests_total", "HTTP requests answered", ["method", "path", "status"])
HTTP_LATENCY = Histogram(
    "packline_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "path"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
GRAPHQL_OPERATIONS = Counter(
    "packline_graphql_operations_total", "GraphQL operations executed", ["operation", "type", "outcome"]
)
OPEN_WEBSOCKETS = Gauge("packline_websockets_open", "Open GraphQL websocket connections")
ACTIVE_SUBSCRIPTIONS = Gauge("packline_subscriptions_active", "Running GraphQL subscriptions")
EVENTS_PUBLISHED = Counter("packline_events_published_total", "Outbox events published to Redis", ["source"])
EVENTS_FANNED_OUT = Counter("packline_events_fanned_out_total", "Events delivered to live subscribers")
EVENTS_GAP_FILLS = Counter(
    "packline_events_gap_fills_total", "Times a subscriber read missed events from the outbox"
)
JOBS = Counter("packline_jobs_total", "Background job outcomes", ["job", "outcome"])
NOTIFICATIONS = Counter(
    "packline_notifications_total", "Notification sends by message kind and outcome (sent, failed, retried)",
    ["template", "outcome"],
)
