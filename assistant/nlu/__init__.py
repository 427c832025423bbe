"""Custom Rasa NLU components. Rasa loads them from the Rasa venv (Python 3.10) by their dotted
path in config.yml, so nothing here may import the gateway's own modules."""
