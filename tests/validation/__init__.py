"""Tests of `warkg.validation`."""
