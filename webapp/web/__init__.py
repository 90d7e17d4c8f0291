"""The wizard's pages: forms, views and error pages."""
