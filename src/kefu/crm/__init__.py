"""Customers (客户档案): identities, profile, hotline calls, history."""
