"""Loading the registry extract into a new snapshot, without ever disturbing the one being served.

The path of a load, module by module: ``sources`` resolves what the operator named (files, a zip,
URLs through ``http_source``) into ``source_types.OpenedFile`` streams; ``lines`` and ``read`` cut
them into lines, ``parser`` and ``rowparsers`` turn lines into typed rows or line-numbered rejects;
``assemble`` groups rows into one practitioner with their activities and savoir-faire; ``sink``
writes batches (``bulk``) and hands them to the search index builder, inside ``helper_process``
when the extract is large enough (``background``); ``snapshots`` makes the finished snapshot current
in one transaction; ``loader`` drives it all under ``lock``. Loading depends on searching (the sink
builds the index), never the reverse.
"""
