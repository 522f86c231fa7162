"""Access: who may do what: accounts with roles and API keys (argon2id, hashed), failed-login limits, and the audit log of library changes."""
