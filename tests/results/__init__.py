"""Tests of `warkg.results`: the formats, exactly."""
