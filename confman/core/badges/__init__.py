"""Badges: signed codes (``codes``), the QR encoder (``qr``), JSON templates (``templates``)
and the ReportLab renderer (``render``).  Pure core: no Qt, no database.

Import the submodules directly; this package stays import-light so that loading
``confman.core.badges.models`` does not pull in ReportLab.
"""
