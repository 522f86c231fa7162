"""`rag bench`: how fast the bot is, measured in one run (registered as a rag command)."""
