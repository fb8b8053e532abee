"""Demand and staffing: Erlang C for the line."""
