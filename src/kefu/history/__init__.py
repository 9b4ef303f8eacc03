"""History import/export in the JSON Lines format of shared/spec/conversation-log.md."""
