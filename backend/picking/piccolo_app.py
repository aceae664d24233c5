from backend.core.domains import domain_app
from backend.picking.tables import Picklist, PicklistLine, PicklistOrder, PicklistPick

APP_CONFIG = domain_app(__file__, [Picklist, PicklistOrder, PicklistLine, PicklistPick], after=("orders",))
