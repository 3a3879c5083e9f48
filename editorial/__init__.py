"""
The editorial workflow: what waits for an editor, across the catalog, the
curated comparisons and the imports.

This app sits above ``catalog``, ``comparisons`` and ``imports`` and reads
all three; of them, only the comparison admin imports from it (for the
review state it shows). It owns the review queue (``review``) and the admin
site that shows it (``sites``), and is the place for the other things that
wait on an editor's decision, such as a change awaiting a Publisher.
"""
