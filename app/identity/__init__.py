"""How people get in: sign-in pages, single sign-on, one-time sign-in links, and the logins
they find or make for employees (the role ladder of app/auth/ladder.py applies to each)."""
