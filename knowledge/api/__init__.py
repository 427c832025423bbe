"""The editors' API: articles, the index rebuild, reports."""
