from backend.core.domains import domain_app
from backend.events.tables import Event

APP_CONFIG = domain_app(__file__, [Event])
