"""A confirmed physician's verification badge, drawn: the QR code, the SVG for a website and the
A4 poster for a waiting room. Who may have one is ``vigie.accounts.badge``; the routes are
``vigie.web.pages.badge``."""
