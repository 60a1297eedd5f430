"""Timers the app runs in the background: the idle lock and the overdue check-in watch."""
