"""Sending an issue from the admin: preview, a test to oneself, then, after a confirmation,
to every confirmed subscriber, with the progress while it runs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from .models import NewsletterPage, Subscriber
from .sending import greeting, resume, send_test, stalled, start


@xframe_options_sameorigin  # the preview shows in a frame on the sending page
def send_view(request, page_id):
    if not request.user.has_perm("newsletter.send_newsletterpage"):
        raise PermissionDenied
    issue = get_object_or_404(NewsletterPage, pk=page_id)
    preview = request.GET.get("preview")
    if preview in ("html", "text"):
        email = issue.render_email(
            {"greeting": greeting(request.user.get_full_name()), "unsubscribe_url": "#"}
        )
        if preview == "html":
            return HttpResponse(email.html)
        return HttpResponse(email.text, content_type="text/plain; charset=utf-8")

    sending = getattr(issue, "sending", None)
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "test":
            send_test(issue, request.user)
            messages.success(
                request, _("A test mail went to %(email)s.") % {"email": request.user.email}
            )
        elif action == "send" and not issue.live:
            messages.error(request, _("Publish the issue first: only published issues are sent."))
        elif action == "send" and request.POST.get("confirm") != "yes":
            messages.error(request, _("Please confirm that the issue is to go out to everyone."))
        elif action == "send":
            if start(issue, request.user) is None:
                messages.error(request, _("This issue has been sent already."))
            else:
                messages.success(request, _("Sending has started."))
        elif action == "resume" and sending is not None and stalled(sending):
            resume(sending)
            messages.success(request, _("The sending resumes."))
        return redirect("newsletter_send", page_id=issue.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/send.html",
        {
            "issue": issue,
            "sending": sending,
            "progress": sending.progress() if sending else None,
            "stalled": sending is not None and stalled(sending),
            "confirmed": confirmed,
        },
    )
