"""The demo shop: a deterministic, realistic Chinese shop to try Kefu on."""
