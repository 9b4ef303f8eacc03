"""Outgoing mail, each side effect exactly once (see service.py)."""
