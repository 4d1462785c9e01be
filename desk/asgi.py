"""ASGI entry point: HTTP through Django's WSGI handler, websockets through Channels.

No HTTP view of the desk is asynchronous, so a request runs start to finish in one
thread of a2wsgi's pool: one hand-over between the event loop and a thread per request.
Django's own ASGI handler would hand over at every synchronous middleware, twice (a
dozen middlewares: about a third of the CPU an intake request costs). Websockets stay
asynchronous (Channels consumers).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
# Sets up Django (apps, settings) before the imports below.
get_asgi_application()

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from accounts.channels import VerifiedSessionMiddleware  # noqa: E402
from desk.ws_urls import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # The stubs type the handler's return as HttpResponseBase: an iterable of bytes.
        "http": WSGIMiddleware(
            get_wsgi_application(),  # type: ignore[arg-type]
            workers=settings.DESK_WEB_THREADS,
        ),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(VerifiedSessionMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
