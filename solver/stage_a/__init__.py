"""Stage A: which weeks each person is on the line (obligations, caps, fairness), one CP-SAT
model over the horizon with a greedy warm start and a bound to stop at."""
