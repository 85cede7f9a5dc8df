"""A challenge's history as the open data API shows it: what happened when, and the status it
left; not who wrote it."""

from rest_framework import serializers


class NoteSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.CharField()
    text = serializers.CharField()
