// Small progressive enhancements; every page works without them.
document.addEventListener("click", async (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const input = document.getElementById(copy.dataset.copy);
    input.select();
    try { await navigator.clipboard.writeText(input.value); } catch (e) { document.execCommand("copy"); }
    const status = document.getElementById(copy.dataset.copy + "-status");
    if (status) status.textContent = "Copied to the clipboard.";
  }
  const confirmButton = event.target.closest("[data-confirm]");
  if (confirmButton && !window.confirm(confirmButton.dataset.confirm)) event.preventDefault();
});

// A solve job's live progress: poll its state until it ends, then show where to go next.
function watchJob(box) {
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-status]");
  const done = box.querySelector("[data-done]");
  const cancel = box.querySelector("[data-cancel]");
  async function tick() {
    const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
    if (!response.ok) { text.textContent = "Could not read the job's state."; return; }
    const job = await response.json();
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    text.textContent = job.message;
    const title = document.querySelector("[data-title]");
    if (title) title.textContent = job.title;
    const elapsed = box.querySelector("[data-elapsed]");
    if (elapsed) elapsed.textContent = job.elapsed;
    box.querySelectorAll("[data-stages] li").forEach((item, i) => {
      const state = job.status === "succeeded" ? "done" : job.stages[i].state;
      item.className = state;
      if (state === "now" && !job.finished) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    });
    if (job.finished) {
      if (cancel) cancel.hidden = true;
      if (job.schedule_url) { done.href = job.schedule_url; done.hidden = false; }
      return;
    }
    setTimeout(tick, 700);
  }
  tick();
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-job]").forEach(watchJob);
});

// Forms that take a while (publishing) show that they are working and are not sent twice.
document.addEventListener("submit", (event) => {
  const button = event.target.querySelector("button[data-busy]");
  if (!button || event.defaultPrevented) return;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = button.dataset.busy;
});
