"""Not yet implemented."""
