"""HTTP service: JSON API (``api/``) and HTML pages (``pages/``) over the domain services."""
