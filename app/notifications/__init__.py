"""Notifications: what Rota tells people, by email and chat, through a transactional outbox."""
