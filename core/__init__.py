"""Veivalg's shared kernel: what every package may import, and which imports none of them.

Redis keys, the clock, the languages, the one settings object, sessions and transcripts, their
retention, fixed texts, common schemas and errors, staff accounts and tokens, anonymisation.
Nothing here connects or loads at import.
"""
