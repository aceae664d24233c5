from backend.core.domains import domain_app
from backend.returns.tables import Return, ReturnBatch, ReturnItem, ReturnPhoto, ReturnSettings

APP_CONFIG = domain_app(__file__, [ReturnSettings, ReturnBatch, Return, ReturnItem, ReturnPhoto],
                        after=("orders",))
