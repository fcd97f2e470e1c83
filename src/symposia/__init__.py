"""symposia: run expert symposia end to end.

The pure-Python library lives in :mod:`symposia.core`; the Django platform in
:mod:`symposia.web`; the command line in :mod:`symposia.cli`.
"""

__version__ = "0.1.0"
