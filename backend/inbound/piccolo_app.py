from backend.core.domains import domain_app
from backend.inbound.tables import Inbound, InboundLine

APP_CONFIG = domain_app(__file__, [Inbound, InboundLine], after=("catalog",))
