"""Symposia, the public hub and take pages, feeds and release."""
