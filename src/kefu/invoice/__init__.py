"""Invoices (发票): request, title checks, issue with the e-invoice PDF, send or post."""
