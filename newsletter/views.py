from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.pages import german

from .forms import PreferencesForm
from .models import Interest, NewsletterIndexPage, Subscriber
from .sending import ONE_CLICK
from .services import change_preferences, confirm, unsubscribe


# The token in the address is the authorisation (it works once, for seven days).
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm_view(request, token):
    """The link in the double opt-in mail shows a button, and only its POST confirms: mail
    security scanners open every link in a mail, and must not subscribe anyone."""
    subscriber = Subscriber.from_confirmation_token(token)
    if subscriber is not None and request.method == "GET":
        return render(request, "newsletter/confirm.html", {"subscriber": subscriber})
    confirmed = subscriber is not None and confirm(subscriber, request)
    return render(
        request,
        "newsletter/confirm.html",
        {"confirmed": confirmed},
        status=200 if confirmed else 400,
    )


# The token in the address is the authorisation; mail clients post the one-click unsubscribe
# (RFC 8058) without cookies, so there is no CSRF token to check.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """The personal unsubscribe address of every issue: a GET shows a page with a button and
    changes nothing (mail scanners open links); a POST unsubscribes at once."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return render(request, "newsletter/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        unsubscribe(subscriber)
        if request.body.decode(errors="replace").strip() == ONE_CLICK:
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        return redirect(request.path)
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


# The signed token in the address is the authorisation; the page is never cached.
@never_cache
@require_http_methods(["GET", "POST"])
def preferences_view(request, token):
    """The subscriber's own page, linked from every issue: change name and topics, or leave.
    A GET shows it and changes nothing (mail scanners open links)."""
    subscriber = Subscriber.from_preferences_token(token)
    if subscriber is None:
        return render(request, "newsletter/preferences.html", {"invalid": True}, status=404)
    chosen = subscriber.interests.all()
    form = PreferencesForm(
        request.POST or None,
        interests=Interest.objects.filter(Q(active=True) | Q(subscribers=subscriber)).distinct(),
        initial={"name": subscriber.name, "interests": chosen},
    )
    page = german(NewsletterIndexPage.objects.live()).first()
    consent_text = page.consent_text if page else ""
    saved = False
    if request.method == "POST" and subscriber.status == Subscriber.Status.CONFIRMED:
        if request.POST.get("action") == "unsubscribe":
            unsubscribe(subscriber)
            return redirect(request.path)
        # Saved, the page shows so at once: a reload posting the same again changes nothing.
        saved = form.is_valid() and change_preferences(
            subscriber, form.cleaned_data, consent_text, request
        )
    context = {"subscriber": subscriber, "form": form, "consent_text": consent_text, "saved": saved}
    return render(
        request, "newsletter/preferences.html", context, status=400 if form.errors else 200
    )
