"""Loads the demo counselling panel: `python -m bot.counselling.seed` (only into an empty panel)."""
from bot.counselling.panel import seed_demo_panel
from bot.store.init_db import init_db

if __name__ == "__main__":
    init_db()
    added = seed_demo_panel()
    print(f"counselling panel: {added} demo counsellor(s) added" if added else
          "counselling panel: already has counsellors, nothing added")
