"""
Changes awaiting a Publisher: one mechanism for every figure that may not go
public by itself. An Editor's change to a published record, a figure that
failed a consistency check and an import's disagreement with a locked field
are each a ``PendingChange``: the record keeps its live values until a
Publisher approves (the change is applied, with history) or rejects it.

The app sits below the catalog: it names records by content type, so it
imports no app of the project.
"""
