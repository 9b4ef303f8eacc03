"""Domain-free helpers shared by every domain (clock, money, ids, errors)."""
