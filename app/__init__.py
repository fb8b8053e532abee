"""Rota: support rotations for everyone."""
