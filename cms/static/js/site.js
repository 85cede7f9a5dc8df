// Public forms carry a signed "shown at" time of their own visitor; pages are cached for
// everyone, so each page asks for it here. Without JavaScript the server adds it on the
// first post and asks to send the form again.
const tokenFields = document.querySelectorAll("input[data-token-url]");
if (tokenFields.length) {
  fetch(tokenFields[0].dataset.tokenUrl, { credentials: "omit", cache: "no-store" })
    .then((response) => (response.ok ? response.json() : null))
    .then((token) => {
      if (!token) return;
      tokenFields.forEach((field) => {
        if (!field.value) field.value = token.shown_at;
      });
    })
    .catch(() => {});
}
