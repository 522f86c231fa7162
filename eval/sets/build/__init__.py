"""Building the eval sets: the news sets from FacQA split by passage (facqa, split), the adversarial unanswerable sets (adversarial), a seeded sample of sets (sample)."""
