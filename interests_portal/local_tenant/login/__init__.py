"""The local tenant's OpenID Connect provider, shaped like Entra ID's v2.0 endpoints (docs/local-tenant.md)."""
