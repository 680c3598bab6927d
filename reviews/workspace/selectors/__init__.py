"""Reads of the workspace (planner, ministries, members, invitations, role matrix): one
module per subject, beside the services that write it. Nothing here writes."""
