"""Searching one snapshot: the memory-mapped name index, identifier lookups and candidate ranking.

``index_build`` and ``index_details`` compute the index arrays and the per-person detail records
from the load's rows; ``index_files`` writes, publishes and removes a snapshot's index directory;
``snapshot_index`` maps it read-only; ``name_search`` turns query words into candidates
(``places`` filters them, ``scoring`` ranks them); ``query`` and ``inputs`` read what people type;
``current`` keeps the served snapshot's index open per process; ``hydrate`` turns index positions
into full candidates. Nothing here imports the loading package.
"""
