"""What comes from and goes to other tools: LinkedIn and vCard imports (importer, contacts), calendar
imports (meetings) and the calendar export (calendar; SPEC §6)."""
