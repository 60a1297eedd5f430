"""Units of work the interface calls: one function per user action."""
