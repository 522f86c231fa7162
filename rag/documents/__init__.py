"""Documents: files read into numbered paragraphs (corpus, readers), and the library of kept documents."""
