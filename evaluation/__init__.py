"""The evaluators' side: anonymised transcripts, reviews, statistics."""
