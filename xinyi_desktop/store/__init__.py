"""The database: models, connection, migrations."""
