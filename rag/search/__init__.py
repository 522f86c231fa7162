"""Search: the paragraphs that answer a question, dense fused with language-aware BM25 (retrieve, lexical), and their best sentences (context)."""
