"""The survey of participating units (bảng khảo sát): questionnaire, per-unit forms, collection, results."""
