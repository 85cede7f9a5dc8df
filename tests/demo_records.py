"""The demo records (demo/content/*.toml) that tests rely on, named once."""

KVR = "Kreisverwaltungsreferat"  # a city department that decides on street parties
SOCIAL_DEPARTMENT = "Sozialreferat"  # a funding programme's provider, a report's participant
INITIATIVE = "stadtteilladen-giesing"  # a profile that took part in the seed report
MANUFAKTUR = "westendkiez"  # a working group with its sign-up form
ACTIVITY = "strassenfest"  # an activity of the guide
EVENT_WITH_REGISTRATION = "beispiel-werkstattgespraech-genehmigungen"
ABOUT = "ueber-uns"  # a content page in the menu
