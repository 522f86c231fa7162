"""Index: paragraphs embedded (embedders) into a FAISS index on disk with its manifest (store), built and checked (indexer)."""
