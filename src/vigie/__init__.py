"""Vigie: protect patients from fake aesthetic injectors.

Domains, from the bottom up (a domain imports only those listed before it):
``registry`` and ``products`` → ``scan`` → ``reports`` and ``accounts`` → ``guides`` → ``web`` and ``cli``.
"""

__version__ = "0.1.0"
