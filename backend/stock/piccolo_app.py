from backend.core.domains import domain_app
from backend.stock.tables import BinStock, StockLevel, StockMovement

APP_CONFIG = domain_app(__file__, [StockLevel, BinStock, StockMovement], after=("catalog",))
