"""The messaging core, the lowest domain floor: chat sessions, their messages and
sequence numbers, appending a message (once, for the request and the batch path) and
telling the participants after commit. It imports no domain (docs/architecture.md)."""
