"""Query results (`model`) and the formats they are written in, one module per format,
registered in `formats`."""
