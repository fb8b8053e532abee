"""Stage B: who sits which seat on which day of one week, one CP-SAT model per week (repair
and variety on top), independent of the other weeks."""
