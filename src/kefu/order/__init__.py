"""Orders as the service team sees them."""
