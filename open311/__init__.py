"""Open311 GeoReport v2: the standard interface for other systems (services, requests, status)."""
