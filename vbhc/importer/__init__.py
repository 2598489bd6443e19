"""Importing existing Word documents into data files."""
