"""Dashboard: live arrival figures."""
