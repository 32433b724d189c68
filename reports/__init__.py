"""The domain app (see :class:`reports.apps.ReportsConfig`)."""
