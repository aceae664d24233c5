from backend.core.domains import domain_app
from backend.shipping.tables import CarrierCutoff, CarrierLabel, PackageType, Parcel, ParcelLine, TrackingEvent

APP_CONFIG = domain_app(__file__, [PackageType, Parcel, ParcelLine, TrackingEvent, CarrierLabel, CarrierCutoff],
                        after=("orders",))
