"""Tests of the command line (`warkg.cli`): exit codes, messages, cold start, interrupts."""
