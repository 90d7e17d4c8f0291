"""The wizard's pages: forms, views and error pages."""

# The blueprints of the resident's pages (the wizard's and the household's): the ones that
# read the answers cookie and take its forms.
RESIDENT_PAGES = ("wizard", "household")
