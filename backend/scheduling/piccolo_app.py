from backend.core.domains import domain_app
from backend.scheduling.tables import ScheduledRun

APP_CONFIG = domain_app(__file__, [ScheduledRun])
