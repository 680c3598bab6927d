"""ETags on the API's GET answers (Django's ConditionalGetMiddleware, for /api/ only): a
client that sends If-None-Match with the ETag it has gets 304 Not Modified."""

from django.middleware.http import ConditionalGetMiddleware


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    prefix = "/api/"

    def process_response(self, request, response):
        if not request.path.startswith(self.prefix):
            return response
        return super().process_response(request, response)
