"""Inclusiveness: who the engagement reached (the dashboard and its export), the first
VNR's baseline, and the short survey after a round."""
