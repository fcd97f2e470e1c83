"""Forecast questions, forecasts, resolutions and stance polls."""
