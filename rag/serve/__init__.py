"""Serve: the bot over HTTP (`rag serve`): an OpenAI-compatible chat API, the Answer as JSON, the library's documents, each behind API keys and roles."""
