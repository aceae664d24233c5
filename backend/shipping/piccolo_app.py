from backend.core.domains import domain_app
from backend.shipping.tables import CarrierCutoff, PackageType, Parcel, ParcelLine, TrackingEvent

APP_CONFIG = domain_app(__file__, [PackageType, Parcel, ParcelLine, TrackingEvent, CarrierCutoff], after=("orders",))
