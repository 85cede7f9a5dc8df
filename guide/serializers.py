"""What a city department decides, as the open data API shows it: the activities it decides
on and the permits it issues, from the published guide."""

from rest_framework import serializers


class DecisionSerializer(serializers.Serializer):
    activity = serializers.CharField(source="page.title")
    activity_url = serializers.CharField(source="page.full_url")
    decides = serializers.CharField()


class PermitSerializer(serializers.Serializer):
    name = serializers.CharField()
    activity = serializers.CharField(source="page.title")
    lead_time = serializers.CharField()
    link = serializers.URLField()
