"""The newsletter's own admin views. Sending an issue: preview, a test to oneself, then,
after the confirmation of the recipient count, to every confirmed subscriber or to those of
chosen interests, now or at a set time; the progress while it runs, and the issue's report once
it has gone. Service messages to an audience the apps offer, through the same machinery.
Importing subscribers: a file checked row by row, then imported once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from cms.audiences import audiences

from . import imports
from .forms import ImportForm, MessageForm, SendForm
from .models import Interest, Message, NewsletterPage, Subscriber, SubscriberImport
from .sending import (
    cancel,
    greeting,
    message_recipients,
    resume,
    send_test,
    stalled,
    start,
    start_message,
    write_message,
)


def preview(request, issue, kind):
    email = issue.render_email(
        {
            "greeting": greeting(request.user.get_full_name()),
            "unsubscribe_url": "#",
            "preferences_url": "#",
        }
    )
    if kind == "html":
        return HttpResponse(email.html)
    return HttpResponse(email.text, content_type="text/plain; charset=utf-8")


def sending_context(sending):
    """What newsletter/admin/includes/progress.html shows of a sending, if there is one."""
    if sending is None:
        return {"sending": None}
    return {
        "sending": sending,
        "progress": sending.progress(),
        "report": sending.report(),
        "stalled": stalled(sending),
    }


def send_issue(request, issue, form):
    """Start or schedule the sending if the form is confirmed for the count it reaches; a
    message says what happened."""
    interests = list(form.cleaned_data["interests"])
    count = Subscriber.objects.recipients(interests).count()
    if not issue.live and form.cleaned_data["send_at"] is None:
        messages.error(request, _("Publish the issue first: only published issues are sent."))
    elif not form.cleaned_data["confirm"] or form.cleaned_data["shown"] != count:
        messages.error(
            request, _("Please confirm that the issue is to go to the recipients counted below.")
        )
        return False
    elif start(issue, request.user, interests, form.cleaned_data["send_at"]) is None:
        messages.error(request, _("This issue has been sent or scheduled already."))
    elif form.cleaned_data["send_at"]:
        messages.success(request, _("The issue is scheduled."))
    else:
        messages.success(request, _("Sending has started."))
    return True


@xframe_options_sameorigin  # the preview shows in a frame on the sending page
def send_view(request, page_id):
    if not request.user.has_perm("newsletter.send_newsletterpage"):
        raise PermissionDenied
    issue = get_object_or_404(NewsletterPage, pk=page_id)
    if request.GET.get("preview") in ("html", "text"):
        return preview(request, issue, request.GET["preview"])

    sending = getattr(issue, "sending", None)
    action = request.POST.get("action")
    form = SendForm(
        request.POST if action in ("count", "send") else None,
        interests=Interest.objects.offered(),
    )
    if action == "test":
        send_test(issue, request.user)
        messages.success(
            request, _("A test mail went to %(email)s.") % {"email": request.user.email}
        )
    elif action == "resume" and sending is not None and stalled(sending):
        resume(sending.pk)
        messages.success(request, _("The sending resumes."))
    elif action == "cancel" and sending is not None:
        if cancel(sending):
            messages.success(request, _("The scheduled sending is cancelled."))
        else:
            messages.error(request, _("The sending has started and can no longer be cancelled."))
    elif action == "send" and form.is_valid() and not send_issue(request, issue, form):
        action = "count"  # show the count again, for a new confirmation
    invalid = form.is_bound and not form.is_valid()
    if request.method == "POST" and action != "count" and not invalid:
        return redirect("newsletter_send", page_id=issue.pk)
    chosen = list(form.cleaned_data.get("interests", [])) if form.is_bound else []
    count = Subscriber.objects.recipients(chosen).count()
    if not invalid:  # counted afresh: the confirmation is for this count
        send_at = form.cleaned_data.get("send_at") if form.is_bound else None
        form = SendForm(
            initial={"interests": chosen, "send_at": send_at, "shown": count},
            interests=Interest.objects.offered(),
        )
    return TemplateResponse(
        request,
        "newsletter/admin/send.html",
        {
            "issue": issue,
            **sending_context(sending),
            "form": form,
            "count": count,
        },
    )


def may_import(request):
    if not request.user.has_perm("newsletter.add_subscriberimport"):
        raise PermissionDenied


def import_view(request):
    """Upload a list: it is read and checked, nothing is subscribed yet."""
    may_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            batch = imports.check(data["file"], data["source"], data["consent_text"], request.user)
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("newsletter_import:detail", import_id=batch.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/import.html",
        {"form": form, "imports": SubscriberImport.objects.select_related("created_by")[:20]},
        status=400 if form.errors else 200,
    )


def import_detail_view(request, import_id):
    """The checked rows by outcome, each problem with its line; import, then ask again."""
    may_import(request)
    batch = get_object_or_404(SubscriberImport, pk=import_id)
    action = request.POST.get("action")
    if action == "import":
        if imports.perform(batch.pk):
            messages.success(request, _("The list is imported."))
        else:
            messages.error(request, _("This list has been imported already."))
        return redirect("newsletter_import:detail", import_id=batch.pk)
    if action == "ask":
        asked = imports.ask_again(batch.pk)
        messages.success(
            request, _("%(count)d re-permission mails are on their way.") % {"count": asked}
        )
        return redirect("newsletter_import:detail", import_id=batch.pk)
    outcomes = batch.outcomes()
    unasked = batch.unproven.filter(status=Subscriber.Status.PENDING, requested_at=None).count()
    return TemplateResponse(
        request,
        "newsletter/admin/import_detail.html",
        {
            "batch": batch,
            "outcomes": [
                (label, outcomes.get(outcome, 0))
                for outcome, label in imports.Outcome.LABELS.items()
            ],
            "problems": [r for r in batch.rows if r["outcome"] != imports.Outcome.PROVEN][:500],
            "labels": imports.Outcome.LABELS,
            "unasked": unasked,
        },
    )


def may_message(request):
    if not request.user.has_perm("newsletter.add_message"):
        raise PermissionDenied


def message_view(request):
    """Write a service message to an audience; it is sent from its own page, after a look."""
    may_message(request)
    form = MessageForm(request.POST or None, audiences=audiences())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to = form.audiences[data["audience"]]
        message = write_message(to, data["subject"], data["body"], created_by=request.user)
        return redirect("newsletter_messages:detail", message_id=message.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/messages.html",
        {"form": form, "messages_sent": Message.objects.select_related("sending")[:30]},
        status=400 if form.errors else 200,
    )


@xframe_options_sameorigin  # the preview shows in a frame on the message's page
def message_detail_view(request, message_id):
    """The message as its recipients will read it, the count, and sending after a
    confirmation of that count; then its progress and report."""
    may_message(request)
    message = get_object_or_404(Message, pk=message_id)
    email = message.render_email({"greeting": greeting(request.user.get_full_name())})
    if request.GET.get("preview") == "html":
        return HttpResponse(email.html)
    sending = getattr(message, "sending", None)
    count = len(message_recipients(message)) if sending is None else None
    if request.method == "POST" and sending is None:
        if request.POST.get("confirm") and request.POST.get("shown") == str(count):
            start_message(message, request.user)
            messages.success(request, _("Sending has started."))
        else:
            messages.error(
                request, _("Please confirm that the message is to go to the recipients counted.")
            )
        return redirect("newsletter_messages:detail", message_id=message.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/message.html",
        {
            "message": message,
            "email": email,
            **sending_context(sending),
            "count": count,
        },
    )
