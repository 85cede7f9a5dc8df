from wagtail import hooks

from .dashboard import DonationTotalsPanel, office_tasks
from .viewsets import DonationsGroup


@hooks.register("register_admin_viewset")
def register_donations():
    return DonationsGroup()


@hooks.register("construct_homepage_panels")
def add_donation_totals(request, panels):
    if request.user.has_perm("donations.view_payment"):
        panels.append(DonationTotalsPanel())


hooks.register("office_tasks", office_tasks)
