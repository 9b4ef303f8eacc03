"""Live chat: sessions, messages, routing, the buyer widget and the agent workbench."""
