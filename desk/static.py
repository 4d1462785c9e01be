"""Static files served by WhiteNoise with far-future caching of fingerprinted names."""

from __future__ import annotations

from whitenoise.middleware import WhiteNoiseMiddleware

ONE_YEAR = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # untyped package
    """WhiteNoise with hashed names (``app.3f2a9c1b.css``) cached for one year as
    ``immutable`` rather than WhiteNoise's ten: a year is the customary ceiling (HTTP/1.1,
    RFC 2616 §14.21, asked servers not to date expiry further ahead), and a new version
    of a file has a new name anyway. Unhashed names keep ``WHITENOISE_MAX_AGE``."""

    FOREVER = ONE_YEAR
