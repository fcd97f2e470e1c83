"""WSGI entry point for gunicorn: ``symposia.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposia.web.settings")
application = get_wsgi_application()
