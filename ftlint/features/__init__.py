"""Features: functions of a dataset view, computed once per view via `view.feature(fn)`."""
