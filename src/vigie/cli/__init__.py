"""The ``vigie`` command: one module per command group, all thin over the domain services."""
