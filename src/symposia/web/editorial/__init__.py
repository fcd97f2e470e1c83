"""Editors' and experts' workflow: roles, dashboard, submission, edits, sign-off, release."""
