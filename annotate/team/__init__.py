"""Team work: merging databases, handing out articles, agreement between annotators."""
