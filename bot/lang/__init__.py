"""Text handling for Devanagari Hindi, romanized Hindi (Hinglish) and English.

Plain Python, no Rasa imports: the Rasa components in `bot.nlu` are thin adapters over this package.
"""
