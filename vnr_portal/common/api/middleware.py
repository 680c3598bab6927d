"""ETags on the API's GET answers (Django's ConditionalGetMiddleware, for /api/ only): a
client that sends If-None-Match with the ETag it has gets 304 Not Modified."""

from django.middleware.http import ConditionalGetMiddleware


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """Also on answers to signed-in clients, which carry `Cache-Control: no-store`
    (NoStoreForSignedInMiddleware): nothing is kept by a shared cache, but a client that
    remembers the ETag itself is spared the body when nothing changed."""

    prefix = "/api/"

    def needs_etag(self, response):
        return True

    def process_response(self, request, response):
        if not request.path.startswith(self.prefix):
            return response
        return super().process_response(request, response)
