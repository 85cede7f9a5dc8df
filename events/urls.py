from django.urls import path

from .views import checkin_helper_view

urlpatterns = [path("<str:token>/", checkin_helper_view, name="event_checkin")]
