"""What the forkserver imports before it forks any worker, then freezes.

Workers are forked from the forkserver and share its pages until they write to them.
CPython writes to an object's header whenever the garbage collector examines it, so the
first full collection in a worker would copy most of the inherited heap into the
worker's private memory (figures in docs/decisions.md). `gc.freeze()` moves everything
imported so far out of the collector's sight, as the `gc` documentation recommends
before forking; what the worker makes itself is collected as usual.
"""

import contextlib
import gc

from warkg.catalogue import stored as stored_queries
from warkg.errors import InputError
from warkg.server import pages  # noqa: F401  (imported to be shared)
from warkg.server.workers import queries, worker  # noqa: F401

# rdflib's SPARQL parser and algebra (pyparsing's grammar, built at import),
# which every query worker imports for its first ad-hoc query (`checks`): imported here,
# one copy is shared by all of them instead of one made in each
from warkg.sparql import checks  # noqa: F401  # isort: skip

# The catalogue, read once here rather than in each worker. A bad query file is left for
# the worker to report: an exception here would stop the forkserver itself.
with contextlib.suppress(InputError, OSError):
    stored_queries.list_queries()
gc.freeze()
