"""Reconciliation (the Reconciliation Service API 0.2, as OpenRefine speaks it): the index
of the graph's entities and how names are matched against it (`index`), and the jobs a
reconciliation worker runs (`jobs`). The routes are `endpoints.reconcile`."""
