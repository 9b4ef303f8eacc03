"""Surge mode (大促模式): how a shop receives buyers on a campaign day."""
