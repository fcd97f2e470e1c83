"""Synthesis runs: background jobs and the synthesis page."""
