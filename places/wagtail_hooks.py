from wagtail import hooks

from .models import district_tally

# The district map counts the places without the ground floor knowing this app.
hooks.register("district_counts", district_tally)
