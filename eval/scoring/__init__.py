"""Scoring: an eval item and the exact rules one answer is scored by (score), and how far a figure can be trusted (stats)."""
