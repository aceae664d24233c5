from backend.core.domains import domain_app
from backend.catalog.tables import Location, Product, ProductFamily, Warehouse

APP_CONFIG = domain_app(__file__, [Warehouse, Location, ProductFamily, Product], after=("accounts",))
