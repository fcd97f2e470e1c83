"""Takes, their revisions and ingest."""
