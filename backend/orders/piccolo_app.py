from backend.core.domains import domain_app
from backend.orders.tables import Order, OrderChange, OrderHourStats, OrderLine, OrderNote, OrderSettings

APP_CONFIG = domain_app(__file__, [OrderSettings, Order, OrderLine, OrderChange, OrderNote, OrderHourStats],
                        after=("catalog", "stock"))
