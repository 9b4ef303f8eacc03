"""`kefu replay`: a day's chats from a conversation log, played again at N× speed against
a running server, as buyers, with agents that answer (rehearsal and bench)."""
