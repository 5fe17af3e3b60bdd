"""Exports: HTML sites and, later, static images, animations and reports."""
