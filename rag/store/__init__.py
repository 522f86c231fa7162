"""The shared state's database (PostgreSQL, `database_url`): connecting with clear errors, and the schema's versioned migrations."""
