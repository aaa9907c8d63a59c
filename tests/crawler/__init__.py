"""Crawler tests."""
