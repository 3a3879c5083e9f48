"""
The project's own catalog format: one versioned JSON document that
``manage.py load_catalog`` reads and the API's export writes.

A document looks like this (``schema_version`` 1)::

    {
      "format": "llm-compare-catalog",
      "schema_version": 1,
      "generated_at": "2026-11-25T10:00:00+00:00",   # or null
      "data_date": "2026-08-21",                     # newest source date, or null
      "license": "...",                              # the data licence text
      "attribution": ["LLM Stats (llm-stats.com), CC BY 4.0", ...],
      "sources": [...], "organizations": [...], "decision_tags": [...],
      "providers": [...], "models": [...], "routes": [...],
      "benchmarks": [...], "results": [...]
    }

Each list holds one object per row, with one key per field of the catalog
model (``catalog/models.py``), under the field's name. The fields are read
from the models, so a field added there is part of the format at once.
Records refer to each other by natural key, never by database id:

============== ============================================ =====================
list           natural key                                  refers to
============== ============================================ =====================
sources        ``key``
organizations  ``slug``
decision_tags  ``slug``
providers      ``slug``                                     organization
models         ``slug``                                     organization,
                                                            lifecycle_source,
                                                            decision_tags [slugs],
                                                            sources [keys]
routes         (``provider``, ``identifier``, ``region``)   model, provider, source
benchmarks     ``slug``
results        ``key``                                      model, benchmark, source
============== ============================================ =====================

A model's capabilities are nested in it: ``"capabilities": [{"capability",
"value", "source", "note"}]``, one per capability. A model or a route may
nest ``"reported_figures": [{"field", "value", "source",
"source_identifier", "reported_on"}]``: each other source's figure for it
(one per field and source), written after the routes; a record that lists
them replaces the ones it had. Decimals (prices, scores,
speeds) are strings such as ``"0.035"`` and are read with ``Decimal(str)``;
a JSON number is refused so that no float ever touches a price. Dates are
ISO (``"2024-05-13"``), and JSON lists hold the modalities.

Loading is an upsert by natural key. A key that a record leaves out keeps
its value in the database (or the model default for a new row), so a file
that omits ``last_reviewed`` does not wipe what an editor typed. Rows
absent from the file are kept unless ``prune=True``. Results with an empty
``key`` (added in the admin) are exported as ``"<model>:<benchmark>:<pk>"``,
and loading that key back into the same database finds the row and stores
the key.

Not part of the format: database ids, the ``created``/``updated`` timestamps
of a model (bookkeeping of one database), the editorial bookkeeping
(``version``, the edit counter of optimistic locking, and
``last_reviewed_by``, a user of one database) and the django-simple-history
tables. New and changed rows get a history record with the change reason
``LOAD_CHANGE_REASON``; links in the two many-to-many tables do not. A load
adds one to the ``version`` of every row it changes (links included), so an
editor who opened a row before the load cannot save over what it wrote.

The code is one module per concern: ``kinds`` (the format's name, versions
and licence, its errors and its kinds of record), ``export``
(``export_catalog``), ``validation`` (cleaning and checking a document) and
``loading`` (the writer, ``load_catalog`` and its report). Callers import
from this package; the names below are the format's API.
"""

from .export import export_catalog
from .kinds import (
    BENCHMARKS,
    CAPABILITIES,
    DATA_LICENSE,
    DECISION_TAGS,
    FORMAT_NAME,
    KINDS,
    MODELS,
    ORGANIZATIONS,
    PROVIDERS,
    REPORTED_FIGURES,
    RESULTS,
    ROUTES,
    SCHEMA_VERSION,
    SOURCES,
    SUPPORTED_SCHEMA_VERSIONS,
    CatalogFormatError,
    FormatError,
    Kind,
)
from .loading import LOAD_CHANGE_REASON, KindCounts, LoadReport, load_catalog
from .validation import MAX_PRICE, _clean_scalar, _Invalid, _validate

__all__ = [
    # The document's header.
    "FORMAT_NAME",
    "SCHEMA_VERSION",
    "SUPPORTED_SCHEMA_VERSIONS",
    "DATA_LICENSE",
    # Errors.
    "FormatError",
    "CatalogFormatError",
    # Kinds of record, in write order, and a model's nested capabilities.
    "Kind",
    "KINDS",
    "SOURCES",
    "ORGANIZATIONS",
    "DECISION_TAGS",
    "PROVIDERS",
    "MODELS",
    "CAPABILITIES",
    "ROUTES",
    "REPORTED_FIGURES",
    "BENCHMARKS",
    "RESULTS",
    # Export and loading.
    "export_catalog",
    "load_catalog",
    "LoadReport",
    "KindCounts",
    "LOAD_CHANGE_REASON",
    "MAX_PRICE",
    # For the importer (imports/), which validates with the format's own checks.
    "_validate",
    "_clean_scalar",
    "_Invalid",
]
