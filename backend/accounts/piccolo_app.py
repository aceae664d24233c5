from backend.core.domains import domain_app
from backend.accounts.tables import ApiKey, Merchant, MerchantLogo, Session, User

APP_CONFIG = domain_app(__file__, [Merchant, MerchantLogo, User, Session, ApiKey])
