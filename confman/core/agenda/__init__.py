"""Agenda: rooms and timetable items."""
