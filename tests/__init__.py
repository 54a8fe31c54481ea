"""The tests, one package per package of `warkg` (see LAYOUT in the README); `support` holds
the helpers they share (loopback servers, real stores, the reference validation)."""
