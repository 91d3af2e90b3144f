"""Tests of consultations and draft laws."""
