// Buttons marked data-print print the page; without JavaScript they stay hidden.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
