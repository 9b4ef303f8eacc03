"""Service KPIs exactly as shared/spec/kpis.md defines them."""
