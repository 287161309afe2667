"""Hosting: this laptop runs a bundled PostgreSQL server for the other check-in desks."""
