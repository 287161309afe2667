"""Database layer: declarative base, engine, migrations, backups."""
