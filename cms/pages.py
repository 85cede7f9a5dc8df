from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import PageViewRestriction


def published(pages):
    """The live pages outside private sections. Like Wagtail's .live().public(), but in the
    listing's own query: .public() first fetches every view restriction, a query per listing."""
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.live().exclude(Exists(restricted_ancestor))


class FormPageMixin(RoutablePageMixin):
    """A page that hosts one public form: editors write the text around it; the page shows the
    form, hands valid data to form_valid() and answers with its thank-you address
    (post/redirect/get, so reloading the thank-you page sends nothing again).

    form_valid() raises ValidationError where only the write itself can tell that it cannot be
    done (an event filled up meanwhile): the form comes back with that message."""

    form_class = None  # a cms.forms.SpamProtectedForm

    def get_form_kwargs(self):
        """What the form needs from the page besides the request."""
        return {}

    def form_valid(self, form):
        raise NotImplementedError

    @path("")
    def form_view(self, request):
        if request.method == "POST":
            form = self.form_class(request.POST, request=request, **self.get_form_kwargs())
            if form.is_valid():
                try:
                    self.form_valid(form)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    return redirect(self.url + self.reverse_subpage("thanks"))
        else:
            form = self.form_class(request=request, **self.get_form_kwargs())
        return self.render(request, context_overrides={"form": form})

    @path("danke/", name="thanks")
    def thanks(self, request):
        return TemplateResponse(request, "forms/thanks.html", self.get_context(request))
