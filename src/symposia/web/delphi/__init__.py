"""Delphi rounds: group feedback, revised answers with reasons, and the stop rule."""
