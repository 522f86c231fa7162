"""The eval set (questions.jsonl) and its scorer; uses rag, never the other way round."""
