"""HTML pages, one module per area; each page calls the same service as its JSON twin."""
