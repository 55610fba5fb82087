"""Text in: decoding files, reading paths, finding the article on a page, word boundaries."""
