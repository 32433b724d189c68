"""
WSGI config for gxnb_portal project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

application = get_wsgi_application()

# Embedded setup (no broker): uploads a killed server left half-done are processed again, now
# and periodically (with a broker, the workers and beat do it).
from reports.recovery import start_embedded_sweeper  # noqa: E402  (needs the apps loaded)

start_embedded_sweeper()
