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

// The menu on a phone, as a disclosure: a button that says whether the menu is open. Without
// JavaScript the button is a link that opens the menu as the address's target.
const menuLink = document.querySelector("[data-menu-button]");
if (menuLink) {
  const menu = document.getElementById(menuLink.getAttribute("aria-controls"));
  const button = document.createElement("button");
  button.type = "button";
  button.className = menuLink.className;
  button.append(...menuLink.childNodes);
  button.setAttribute("aria-controls", menu.id);
  const show = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  };
  show(window.location.hash === `#${menu.id}`);
  menu.classList.add("is-collapsible");
  menuLink.replaceWith(button);
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  // Escape closes the menu and brings the focus back to its button.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      show(false);
      button.focus();
    }
  });
}

// The check-in list: typing part of a name hides the other rows (without JavaScript, the
// browser's own find does it).
const rowFilter = document.querySelector("input[data-filter]");
if (rowFilter) {
  const rows = document.querySelectorAll(`#${rowFilter.dataset.filter} > li`);
  rowFilter.addEventListener("input", () => {
    const wanted = rowFilter.value.trim().toLowerCase();
    rows.forEach((row) => {
      row.hidden = wanted !== "" && !row.textContent.toLowerCase().includes(wanted);
    });
  });
}

// The donation page's GiroCode carries the amount the donor chose in the form (without
// JavaScript, the code without an amount: the banking app asks for it).
const giroCode = document.querySelector("[data-girocode-url]");
const donationForm = document.querySelector("#spende form");
if (giroCode && donationForm) {
  const chosenCents = () => {
    const choice = donationForm.querySelector("input[name=amount]:checked");
    const other = donationForm.querySelector("input[name=other_amount]");
    const text = choice && choice.value !== "other" ? choice.value : other ? other.value : "";
    const euros = Number(text.replace(/\./g, "").replace(",", "."));
    return Number.isFinite(euros) && euros >= 1 ? Math.round(euros * 100) : null;
  };
  donationForm.addEventListener("change", () => {
    const cents = chosenCents();
    if (!cents) return;
    const image = new Image();
    image.alt = giroCode.getAttribute("aria-label");
    image.src = `${giroCode.dataset.girocodeUrl}${cents}/`;
    giroCode.replaceChildren(image);
  });
}
