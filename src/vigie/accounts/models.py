"""Tables of the accounts domain."""
