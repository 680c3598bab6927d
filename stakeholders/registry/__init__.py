"""The registry: stakeholder categories, organisations and their contacts, the interest ×
influence map, standing groups and their meetings, and the engagement plan."""
