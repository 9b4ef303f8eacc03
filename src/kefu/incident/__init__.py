"""Incident notices (异常通知): tell every buyer of the affected orders at once."""
