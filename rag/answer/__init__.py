"""Answer: the prompt, the flow of one answer (retrieve, generate, check, decide, cite), the reply checks, and the answer-or-refuse decision."""
