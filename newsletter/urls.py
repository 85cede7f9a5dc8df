from django.urls import path

from .views import confirm_view, preferences_view, unsubscribe_view

urlpatterns = [
    path("bestaetigen/<str:token>/", confirm_view, name="newsletter_confirm"),
    path("abmelden/<str:token>/", unsubscribe_view, name="newsletter_unsubscribe"),
    path("einstellungen/<str:token>/", preferences_view, name="newsletter_preferences"),
]
