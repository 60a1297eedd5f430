"""Storage: engine factory, SQLModel tables, repositories and migrations."""
