"""What the app shell's bell shows an agent: work of theirs that is due soon or late."""
