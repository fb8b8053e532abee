"""My rotation: a person's own page (turns, shifts, calendar link, wishes, growth)."""
