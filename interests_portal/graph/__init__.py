"""The Graph service module: the only code that speaks HTTP to Microsoft Graph (see docs/architecture.md)."""
