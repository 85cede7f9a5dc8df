"""The open data API's endpoints (cms/api.py), at /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter

from challenges.api import ChallengesEndpoint
from cms.api import PagesEndpoint
from guide.api import DepartmentsEndpoint
from organisations.api import OrganisationsEndpoint

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("organisations", OrganisationsEndpoint)
api_router.register_endpoint("challenges", ChallengesEndpoint)
api_router.register_endpoint("departments", DepartmentsEndpoint)
