"""Demand: contact history from help desks, and what the line achieves for customers."""
