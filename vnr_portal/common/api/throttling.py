"""Limits per personal API token (each token counted alone, whoever owns it), per account for
the browser's session, per address for anonymous requests. Rates in REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES ("token", "user", "anon")."""

from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Counts a request against the token it came with (`request.auth.throttle_key`); the
    session's account or the client's address otherwise, each under its own scope."""

    scope = "token"

    def allow_request(self, request, view):
        key = getattr(request.auth, "throttle_key", None)
        self.scope = "token" if key else ("user" if request.user and request.user.is_authenticated else "anon")
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        key = getattr(request.auth, "throttle_key", None)
        if key:
            return self.cache_format % {"scope": self.scope, "ident": key}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
