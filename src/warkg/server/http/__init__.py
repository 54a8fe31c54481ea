"""The HTTP side of the server, below the endpoints: errors, media types and content
negotiation, reading requests and writing responses, the connection policy, who a client
is, and the access log. Nothing here runs a query."""
