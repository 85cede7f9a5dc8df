from django.urls import path

from .views import manage_receipt_view, manage_request_view, manage_view

urlpatterns = [
    path("", manage_request_view, name="donation_manage_request"),
    path("<str:token>/", manage_view, name="donation_manage"),
    path("<str:token>/bestaetigung/<int:number>/", manage_receipt_view, name="donation_receipt"),
]
