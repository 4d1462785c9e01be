"""ASGI entry point: HTTP through Django's WSGI handler, websockets through Channels.

No HTTP view of the desk is asynchronous, so a request runs start to finish in one
thread of a pool (``desk.wsgi_bridge``, on a2wsgi): a small request is read in the event
loop and handed over once, its response handed back once. Django's own ASGI handler
would hand over at every synchronous middleware, twice (a dozen middlewares: about a
third of the CPU an intake request costs). Websockets stay asynchronous (Channels
consumers).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
# Sets up Django (apps, settings) before the imports below.
get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from accounts.channels import VerifiedSessionMiddleware  # noqa: E402
from desk.ws_urls import websocket_urlpatterns  # noqa: E402
from desk.wsgi_bridge import BufferedWSGIMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        # The stubs type the handler's return as HttpResponseBase: an iterable of bytes.
        "http": BufferedWSGIMiddleware(
            get_wsgi_application(),
            workers=settings.DESK_WEB_THREADS,
        ),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(VerifiedSessionMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
