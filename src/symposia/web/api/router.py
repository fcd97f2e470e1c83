"""The one router every endpoint registers on.

One router, because django-ninja merges the methods of a path only within a
router: GET /symposia (public) and POST /symposia (editors) must share it.
"""

from ninja import Router

router = Router()
