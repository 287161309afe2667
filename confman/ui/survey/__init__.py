"""The Survey page: questionnaire, units and tracker, collection, live results."""
