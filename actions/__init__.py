"""Custom actions for the Rasa action server, one module per flow. Thin: validate, call `bot`, utter."""
