"""Helpers every app uses: form errors, access checks, widgets, upload checks,
spreadsheet exports and text without control characters. Apps import these from here, never from another app's views or
forms; nothing here imports an app of ours."""
