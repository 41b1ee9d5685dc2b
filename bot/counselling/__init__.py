"""Family counselling: the counsellor panel, free slots, bookings, safety screens and reminders."""
