"""`/healthz`: the server answers, without touching the database or the cache.

For a load balancer's or a service manager's health check, and the trivial page the page
benchmark (`python -m bench.run pages`) compares every page with.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
