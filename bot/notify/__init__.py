"""Staff notifications (short, with a link into the console; never what she wrote)."""
