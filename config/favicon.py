"""
``/favicon.ico``: browsers ask for it on pages that link no icon (a JSON
response, a raw error page); send them to the site's icon. The static URL is
read per request, so a hashed production name needs no manifest at import.
"""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    """Redirect to the site's icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
