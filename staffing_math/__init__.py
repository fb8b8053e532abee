"""The staffing maths: demand forecast from the help desk's history, Erlang C, and the agents
each shift needs. Pure (standard library only); demand and staffing use them, the rotation
solver does not."""
