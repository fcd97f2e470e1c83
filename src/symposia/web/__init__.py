"""The Django platform around the core: storage, scheduling, pages and the API."""
