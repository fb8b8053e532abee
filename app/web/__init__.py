"""What every web page shares: templates, the signed-in viewer, CSRF, and form handling."""
