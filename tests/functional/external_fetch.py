"""What makes a page load something from elsewhere: every page must stay on Vigie (CSP
``default-src 'self'``, and no patient's visit is told to a third party)."""

from __future__ import annotations

import re

# A tag that makes the browser fetch something. A canonical or alternate link names the page's
# public address and fetches nothing; an ordinary link (``<a href>``) is the reader's choice.
EXTERNAL_FETCH = re.compile(
    r"<(?:script|link(?![^>]*\brel=\"(?:canonical|alternate)\")|img|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)=\"(?:https?:)?//",
    re.IGNORECASE,
)
