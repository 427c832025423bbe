"""What the actions talk to: the knowledge base (in-process) and Redis (the unanswered log)."""
