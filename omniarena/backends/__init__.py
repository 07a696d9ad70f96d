"""Shared plumbing that several arenas drive (a browser, worker processes); never an arena itself."""
