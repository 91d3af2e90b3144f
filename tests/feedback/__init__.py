"""Tests of the grouped review."""
