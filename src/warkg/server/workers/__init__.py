"""The worker processes, where everything that costs time runs (checking and running
queries, binding parameters, writing answers, rendering pages, reconciling names), so
the server's event loop only moves bytes: the pool that starts, schedules and kills them
(`pool`, `admission`), the channel to them, and the one job protocol (`jobs`): every job
is a message with `run(engine) -> Reply`."""
