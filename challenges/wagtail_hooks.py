from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Challenge


class ChallengeViewSet(SnippetViewSet):
    model = Challenge
    icon = "warning"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "status", "slug"]
    list_filter = ["status"]
    search_fields = ["title"]


register_snippet(ChallengeViewSet)
